import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LiveRiskError } from '../platform/errors';
import type { Progress } from './types';
import { isAlive } from './processes';

/**
 * One `stack up` or `stack down` at a time per state dir. Without it, two jest workers calling
 * stackUp on a fresh machine would both wipe and fill the same cache dir, or both start a Kafka.
 * mkdir is atomic, so the directory itself is the lock; the pid inside lets a crashed holder's
 * lock be taken over instead of blocking forever.
 */
export async function withStackLock<T>(
  stateDir: string,
  progress: Progress,
  work: () => Promise<T>,
  timeoutMs = 15 * 60_000,
): Promise<T> {
  const lock = join(stateDir, 'stack.lock');
  const owner = join(lock, 'pid');
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  mkdirSync(stateDir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, `${process.pid}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSafe(owner));
      // A holder that died (or an empty lock left between mkdir and writeFile) is taken over.
      if (!isAlive(holder) && Date.now() - lockCreatedAt(lock) > 2000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new LiveRiskError('STACK_START_FAILED', `another live-risk stack command (pid ${holder}) holds ${lock}`, {
          retriable: true,
          hint: `wait for it to finish; if no such command is running, delete ${lock}`,
        });
      }
      if (!announced) progress(`waiting for another live-risk stack command (pid ${holder}) to finish…`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** When the lock dir was created: a fresh one with no pid yet is being written, not abandoned. */
function lockCreatedAt(lock: string): number {
  try {
    return statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

