import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { dropReplaySchema } from '../../../services/analyst/replay-schema';
import type { Config } from '../../../services/platform/config';
import { LiveRiskError } from '../../../services/platform/errors';
import { environmentFor } from '../../../test/support/test-stack';
import { replayResultMarker, type ReplayChildResult } from './replay-child';

/**
 * Runs one replay in a child process (replay-child.ts) and waits for its result. The child stops
 * itself at the time limit; a minute later it is killed, and the schema is dropped from here in
 * case it could not drop it itself. `cpuProfileDir` runs the child under `node --cpu-prof`.
 */
export type ReplayOptions = Readonly<{ schema: string; timeoutMs: number; cpuProfileDir?: string; stopped: () => boolean }>;

export async function measureReplay(config: Config, options: ReplayOptions): Promise<ReplayChildResult> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  const child = spawn(process.execPath, [...profile, '--require', require.resolve('tsx/cjs'), join(__dirname, 'replay-child.ts'), options.schema, String(options.timeoutMs)], {
    env: environmentFor(config),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs + 60_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (status) => resolve(status));
    });
    const line = stdout.split('\n').find((text) => text.startsWith(replayResultMarker));
    if (code !== 0 || !line) {
      throw new LiveRiskError('INTERNAL', `the replay process ${options.stopped() ? 'was stopped' : `ended with ${code === null ? 'a signal' : `exit code ${code}`}`}`, {
        hint: 'see its message above; a replay over the time limit stops itself',
      });
    }
    return JSON.parse(line.slice(replayResultMarker.length)) as ReplayChildResult;
  } finally {
    clearTimeout(killer);
    await dropReplaySchema(config.databaseUrl, options.schema).catch(() => undefined);
  }
}
