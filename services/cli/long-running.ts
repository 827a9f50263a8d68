import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, type Config } from '../platform/config';
import { classifyError } from '../platform/classify-error';
import type { LiveRiskError } from '../platform/errors';
import { withRetry } from '../platform/retry';
import { terminal } from '../platform/terminal';
import { openRuntime, type Runtime } from '../platform/runtime';
import { Health, LiveRiskMetrics, startOpsServer, type OpsServer } from '../ops';
import { agreementsInForce } from '../policy/agreements-in-force';
import { say } from './progress';

/**
 * The shell every long-running process shares (`run --follow`, `scheduler`, `serve`, `ingest serve`):
 * - health and metrics on an operator's port of its own (`--ops-listen`, loopback by default);
 * - it waits out an outage at start-up as it does later, instead of exiting;
 * - SIGTERM or SIGINT drains: the work is asked to stop (a consumer finishes its batch, the
 *   scheduler its run, the portal its requests), and the process exits within `--shutdown-grace`
 *   seconds even if something hangs.
 */
export type LongRunningContext = Readonly<{ runtime: Runtime; signal: AbortSignal; health: Health; metrics: LiveRiskMetrics }>;
type Listen = Readonly<{ host: string; port: number }>;

/** Default ops ports, one per process kind, so all three can run on one machine. */
export const defaultOpsPorts = { consumers: 9464, scheduler: 9465, portal: 9466, ingest: 9467 } as const;

function opsListenOption(value: string): Listen | 'off' {
  if (value === 'off') return 'off';
  if (!/^[^\s:,]+:\d{1,5}$/.test(value)) throw new InvalidArgumentError('expected HOST:PORT (e.g. 127.0.0.1:9464), HOST:0 for any free port, or off');
  const at = value.lastIndexOf(':');
  const port = Number(value.slice(at + 1));
  if (port > 65535) throw new InvalidArgumentError('expected a port between 0 and 65535');
  return { host: value.slice(0, at), port };
}

export function withLongRunningOptions(command: Command, kind: keyof typeof defaultOpsPorts): Command {
  return command
    .option('--ops-listen <host:port>', `where to serve /healthz, /readyz and /metrics (default 127.0.0.1:${defaultOpsPorts[kind]}; off to serve none)`, opsListenOption)
    .option('--shutdown-grace <seconds>', 'on SIGTERM, how long to let work finish before exiting anyway', (value: string) => {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
      return seconds;
    }, 20);
}

export type LongRunningOptions = Readonly<{ opsListen?: Listen | 'off'; shutdownGrace: number }>;

export async function runLongRunning(
  kind: keyof typeof defaultOpsPorts,
  options: LongRunningOptions,
  work: (context: LongRunningContext) => Promise<void>,
  config: Config = loadConfig(),
): Promise<void> {
  const health = new Health();
  let runtime: Runtime | undefined;
  const metrics = new LiveRiskMetrics(() => runtime, kind, () => agreementsInForce(config.policyFile));
  const stop = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) return;
    say(`${signal}: stopping ${kind}; finishing work in hand (at most ${options.shutdownGrace} s)`);
    health.markStopping();
    stop.abort();
    graceTimer = setTimeout(() => {
      process.stderr.write(terminal`live-risk: ${kind} did not stop within ${options.shutdownGrace} s of ${signal}; exiting anyway (nothing uncommitted is lost: it is redone on the next start)\n`);
      process.exit(1);
    }, options.shutdownGrace * 1000);
    graceTimer.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const listen = options.opsListen ?? { host: '127.0.0.1', port: defaultOpsPorts[kind] };
  let ops: OpsServer | undefined;
  try {
    if (listen !== 'off') {
      ops = await startOpsServer(listen, metrics.registry, health);
      say(`${kind}: health and metrics on ${ops.url} (/healthz, /readyz, /metrics)`);
    }
    health.set('runtime', 'starting');
    // Each kind of process is its own Kafka principal, with only the ACLs its work needs.
    runtime = await withRetry(() => openRuntime(config, `live-risk-${kind}`, kind), {
      attempts: Infinity,
      initialDelayMs: 1_000,
      maxDelayMs: 30_000,
      signal: stop.signal,
      onRetry: (error, _attempt, delayMs) => {
        health.set('runtime', 'outage', error.message);
        say(`${kind}: cannot start yet (${error.message}); retrying in ${Math.round(delayMs / 1000)} s`);
      },
    }).catch((error: LiveRiskError) => {
      if (stop.signal.aborted) return undefined;
      throw error;
    });
    if (!runtime) return;
    health.set('runtime', 'ok');
    const db = runtime.db;
    health.addProbe('database', async () => {
      await db.raw('select 1').catch((error: unknown) => {
        throw classifyError(error, 'database');
      });
    });
    await work({ runtime, signal: stop.signal, health, metrics });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await ops?.close();
    await runtime?.close();
    if (graceTimer) clearTimeout(graceTimer);
  }
}
