import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';

/**
 * Makes a child process stop at a known point, so a test's SIGKILL lands there and not wherever a race
 * left it: the test inserts, in a transaction it keeps open, a row the child is about to insert too.
 * The child's insert waits on the test's uncommitted row (a unique-key conflict waits for the other
 * transaction to end), inside the child's own transaction, until the test rolls back.
 */
export type HeldRow = Readonly<{
  /** Resolves once some other connection is waiting on the held row; rejects after `timeoutMs`. */
  untilSomeoneWaits(timeoutMs?: number): Promise<void>;
  release(): Promise<void>;
}>;

export async function holdRow(db: Knex, table: string, row: Record<string, unknown>): Promise<HeldRow> {
  const holder = await db.transaction();
  await holder(table).insert(row);
  const { rows } = await holder.raw<{ rows: Array<{ pid: number }> }>('select pg_backend_pid() as pid');
  const holderPid = rows[0].pid;
  return {
    async untilSomeoneWaits(timeoutMs = 120_000) {
      for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(25)) {
        const waiting = await db.raw<{ rows: Array<{ n: number }> }>('select count(*)::int as n from pg_stat_activity where ? = any(pg_blocking_pids(pid))', [holderPid]);
        if (waiting.rows[0].n > 0) return;
      }
      throw new Error(`nothing waited on the held ${table} row within ${timeoutMs} ms`);
    },
    release: async () => {
      await holder.rollback();
    },
  };
}

/** The exit code of a child, also when it has exited before this is awaited (a late `once('exit')` would wait forever). */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Waits for `stop` (the point a test kills the child at), failing at once with the child's exit code
 * if the child exits first, instead of waiting for a point it will never reach.
 */
export function reachedBeforeExit(stop: Promise<void>, child: ChildProcess): Promise<void> {
  return Promise.race([
    stop,
    exitOf(child).then((code) => {
      throw new Error(`the child exited (code ${code}) before reaching the point the test stops it at`);
    }),
  ]);
}
