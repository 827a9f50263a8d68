import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mailDirectory, storeMessage } from '../services/stack/mail-sink/store';

/**
 * Issue 18: `live-risk … | jq` stopped at 65,536 bytes, a pipe's buffer, because the command
 * exited before stdout drained. Through a real pipe, as a shell gives it, with `mail list` over an
 * isolated mail directory: enough output to need several refills of the pipe and no stack to start.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const messages = 600;

function mailNumbered(index: number): Buffer {
  const to = `practitioner.${index}@council.example`;
  return Buffer.from(
    [
      'From: Live risk <live-risk@council.example>',
      `To: ${to}`,
      `Subject: Your live-risk digest for 2026-03-${String((index % 28) + 1).padStart(2, '0')}: message ${index}`,
      `Message-ID: <piped-${index}@live-risk>`,
      'Date: Sun, 29 Mar 2026 07:00:00 +0100',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Synthetic message ${index}.`,
      '',
    ].join('\r\n'),
  );
}

/**
 * Runs `live-risk` with its stdout on a pipe(2) made by the shell, as in `live-risk … | jq` (Node's
 * own child pipes are socket pairs, which hold far more than 64 KB and hide the fault). The reader
 * takes one byte, then waits a second before reading on, as a busy `jq` might: by then the command
 * has written everything, most of it still waiting to enter the pipe. The shell reports the
 * command's exit status on stderr, since a pipeline's own status is the reader's.
 */
function runPiped(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ stdout: Buffer; stderr: string }> {
  const script = '{ "$@"; echo "exit $?" >&2; } | { dd bs=1 count=1 2>/dev/null; sleep 1; cat; }';
  return new Promise((resolve, reject) => {
    const shell = spawn('sh', ['-c', script, 'sh', process.execPath, cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    shell.on('error', reject);
    shell.on('close', () => resolve({ stdout: Buffer.concat(stdout), stderr }));
  });
}

describe('output through a pipe', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'live-risk-piped-'));
  beforeAll(() => {
    const directory = mailDirectory(stateDir);
    mkdirSync(directory, { recursive: true });
    const first = Date.parse('2026-03-29T06:00:00Z');
    for (let index = 0; index < messages; index++) storeMessage(directory, mailNumbered(index), new Date(first + index), index);
  });
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('arrives whole when it is larger than the pipe holds, and parses as JSON', async () => {
    const result = await runPiped(['mail', 'list', '--format', 'json'], { ...process.env, LIVE_RISK_STATE_DIR: stateDir });
    expect(result.stderr).toBe('exit 0\n');
    expect(result.stdout.length).toBeGreaterThan(2 * 65_536);
    const listed = JSON.parse(result.stdout.toString('utf8')) as Array<{ messageId: string }>;
    expect(listed).toHaveLength(messages);
    expect(listed[messages - 1].messageId).toBe(`<piped-${messages - 1}@live-risk>`);
  });
});
