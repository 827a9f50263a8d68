import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Pid files and detached JVMs. The rule that keeps `down` safe: a pid only counts as ours when the
 * process is alive AND its command line carries the marker arguments we launched it with, so a pid
 * recycled by the OS for someone else's process is never signalled.
 */

/** The -D arguments we add to every JVM we start; they identify it later by its command line. */
export function processMarker(component: string, stateDir: string): string[] {
  return [`-Dlive-risk.component=${component}`, `-Dlive-risk.stateDir=${stateDir}`];
}

export function readPid(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function writePid(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePid(file: string): void {
  rmSync(file, { force: true });
}

/** The argument vector of a live process, or null when it is gone (or a zombie). */
function commandLine(pid: number): string[] | null {
  const procFile = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    try {
      const raw = readFileSync(procFile, 'utf8');
      return raw === '' ? null : raw.split('\0').filter((part) => part !== '');
    } catch {
      return null;
    }
  }
  // macOS and other systems without /proc: ps prints the command line as one string.
  try {
    const line = execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
    return line.trim() === '' ? null : line.trim().split(/\s+/);
  } catch {
    return null;
  }
}

export function isOurProcess(pid: number, marker: readonly string[]): boolean {
  const args = commandLine(pid);
  return args !== null && marker.every((part) => args.includes(part));
}

/** Logs are appended across restarts; past this size the old one is kept once as `<log>.1`. */
const maxLogBytes = 50 * 1024 * 1024;

export function rotateLogIfLarge(file: string): void {
  if (existsSync(file) && statSync(file).size > maxLogBytes) renameSync(file, `${file}.1`);
}

export type DetachedCommand = Readonly<{
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}>;

/**
 * Starts a process that outlives this Node process: its own process group, stdout and stderr
 * appended to the log file, and unref'd so `live-risk stack up` can exit while it keeps running.
 */
export async function spawnDetached(command: DetachedCommand): Promise<number> {
  rotateLogIfLarge(command.logFile);
  const logFd = openSync(command.logFile, 'a');
  try {
    const child = spawn(command.command, [...command.args], {
      cwd: command.cwd,
      env: command.env,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    // A missing executable is reported asynchronously through 'error', not by spawn() throwing.
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid as number));
    });
    child.unref();
    return pid;
  } finally {
    closeSync(logFd);
  }
}

/** Runs a short-lived command to completion, capturing its output for error messages. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Whether a process with this pid exists (signal 0 asks without signalling). */
export const isAlive = (pid: number): boolean => {
  // 0 and negative pids name process groups, which a stale or corrupt pid file must never reach.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGTERM first so Kafka can flush and close its logs cleanly (an unclean stop means a slow log
 * recovery next start); SIGKILL only if it has not gone after the grace period.
 */
export async function stopProcess(
  pid: number,
  marker: readonly string[],
  graceMs: number,
): Promise<'stopped' | 'killed' | 'gone'> {
  if (!isOurProcess(pid, marker)) return 'gone';
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid) || !isOurProcess(pid, marker)) return 'stopped';
    await sleep(250);
  }
  if (isOurProcess(pid, marker)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid) && isOurProcess(pid, marker)) await sleep(100);
  return 'killed';
}

/** The last lines of a log, for error messages that should not send people hunting for files. */
export function tailFile(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log written)';
  const size = statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-lines)
      .join('\n');
  } finally {
    closeSync(fd);
  }
}
