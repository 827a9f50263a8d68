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
