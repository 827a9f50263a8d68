import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exitOf } from './held-row';

const cli = join(__dirname, '..', '..', 'bin', 'live-risk.cjs');

/**
 * A long-running `live-risk` process (run --follow, scheduler, serve) started as an operator would,
 * with its ops port on any free loopback port. Resolves once it has said where its health and
 * metrics are (and, for the portal, where it listens); everything it writes to stderr is kept for
 * the test's failure message.
 */
export type LiveProcess = Readonly<{
  child: ChildProcess;
  /** http://127.0.0.1:PORT of /healthz, /readyz and /metrics. */
  ops: string;
  /** The portal's own address, for `serve`. */
  portal?: string;
  stderr(): string;
  /** SIGTERM, then the exit code (null if it had to be killed after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}>;

export async function startLiveProcess(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<LiveProcess> {
  const child = spawn(process.execPath, [cli, ...args, '--ops-listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const seen = new Promise<{ ops: string; portal?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const ops = /health and metrics on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
      const portal = /portal listening on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
      if (ops && (args[0] !== 'serve' || portal)) {
        clearTimeout(timer);
        resolve({ ops, portal });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  const { ops, portal } = await seen;
  return {
    child,
    ops,
    portal,
    stderr: () => stderr,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = exitOf(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * `work` (typically a wait for the process to get somewhere), failing at once, with what the process
 * wrote to stderr, if the process exits first or the work fails: a long-running process that exits
 * is the failure, not the timeout that follows.
 */
export async function whileRunning<T>(process: LiveProcess, work: Promise<T>): Promise<T> {
  const { child } = process;
  let onExit: () => void = () => undefined;
  const exited = new Promise<never>((_, reject) => {
    onExit = () => reject(new Error(`the process exited (code ${child.exitCode ?? child.signalCode}) while the test waited on it`));
    if (child.exitCode !== null || child.signalCode !== null) onExit();
    else child.once('exit', onExit);
  });
  try {
    return await Promise.race([work, exited]);
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- what the process wrote, without kafkajs's own lines, last 60:\n${ownLines(process.stderr())}`;
    throw error;
  } finally {
    child.off('exit', onExit);
  }
}

/** kafkajs logs every failed connection while a broker is down: hundreds of lines that hide ours. */
const ownLines = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((line) => !line.includes('"component":"kafkajs"'))
    .slice(-60)
    .join('\n');

/** Polls /readyz until it answers 200, or fails with what it last said. */
export async function untilReady(process: LiveProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${process.ops}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    last = res ? `${res.status} ${await res.text()}` : 'no answer';
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready within ${timeoutMs} ms; /readyz said ${last}\n${process.stderr()}`);
}

type Readiness = Readonly<{ status: number; body: string; outages: Readonly<Record<string, string>> }>;

/** What /readyz says now: its status, its body, and the parts in state `outage` with what each said. */
async function readiness(process: LiveProcess): Promise<Readiness | undefined> {
  if (process.child.exitCode !== null || process.child.signalCode !== null) {
    throw new Error(`the process exited (${process.child.exitCode ?? process.child.signalCode}) instead of waiting out the outage:\n${ownLines(process.stderr())}`);
  }
  const res = await fetch(`${process.ops}/readyz`).catch(() => undefined);
  if (!res) return undefined;
  const body = await res.text();
  const report = res.status === 503 ? (JSON.parse(body) as { parts: Record<string, { state: string; detail?: string }> }) : undefined;
  const outages = Object.entries(report?.parts ?? {}).filter(([, part]) => part.state === 'outage');
  return { status: res.status, body, outages: Object.fromEntries(outages.map(([name, part]) => [name, part.detail ?? ''])) };
}

/**
 * Polls /readyz until it answers 503 naming at least one part in state `outage`; resolves with
 * those parts and what they said. Fails at once if the process exits, and at the time limit.
 */
export async function untilOutage(process: LiveProcess, timeoutMs = 90_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const now = await readiness(process);
    if (now && Object.keys(now.outages).length) return { ...now.outages };
    last = now ? `${now.status} ${now.body}` : 'no answer';
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no outage reported within ${timeoutMs} ms; /readyz said ${last}\n${ownLines(process.stderr())}`);
}

/**
 * Samples /readyz every 250 ms for `durationMs` and returns every distinct outage it reported, as
 * "part: detail" (what an operator would have read); fails at once if the process exits meanwhile.
 */
export async function outagesReportedFor(process: LiveProcess, durationMs: number): Promise<string[]> {
  const seen = new Set<string>();
  for (const end = Date.now() + durationMs; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 250))) {
    for (const [part, detail] of Object.entries((await readiness(process))?.outages ?? {})) seen.add(`${part}: ${detail}`);
  }
  return [...seen].sort();
}

/** One sample from Prometheus text: the value of `name` with exactly these labels (undefined if absent). */
export async function scrape(process: LiveProcess): Promise<(name: string, labels?: Record<string, string>) => number | undefined> {
  const text = await (await fetch(`${process.ops}/metrics`)).text();
  return (name, labels = {}) => {
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const found = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[4]);
    }
    return undefined;
  };
}

/**
 * Polls /metrics until `name` with these labels is above zero, and returns it; fails with the last
 * value at the time limit, and at once if the process exits.
 */
export async function untilMetric(process: LiveProcess, name: string, labels: Record<string, string>, timeoutMs = 60_000): Promise<number> {
  let last: number | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) break;
    last = (await scrape(process))(name, labels);
    if (last !== undefined && last > 0) return last;
  }
  throw new Error(`${name} ${JSON.stringify(labels)} was ${last ?? 'absent'}, not above 0, after ${timeoutMs} ms:\n${ownLines(process.stderr())}`);
}
