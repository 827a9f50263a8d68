import type { Knex } from 'knex';
import { readAuditPage, recordedHead } from './audit-store';
import { chainStart, checkCheckpoints, lastToAgeOut, type Checkpoint } from './checkpoints';
import { checkNext, emptyChain, type ChainBreak, type ChainHead } from './hash-chain';

/**
 * The PostgreSQL side of ageing the audit log out (checkpoints.ts says why it stays verifiable).
 * Entries leave only through audit_log_age_out (migration 019), which the service role may call
 * but not imitate: it cannot DELETE from the log itself.
 */
type Db = Knex | Knex.Transaction;

type CheckpointRow = { seq: string; hash: string; removed: string; removed_before: Date; at: Date };

export async function readCheckpoints(db: Db): Promise<Checkpoint[]> {
  const rows: CheckpointRow[] = await db('audit_log_checkpoints').orderBy('seq').select('*');
  return rows.map((row) => ({ seq: Number(row.seq), hash: row.hash, removed: Number(row.removed), removedBefore: row.removed_before.toISOString(), at: row.at.toISOString() }));
}

export type AgeingOutcome =
  /** `removed` entries left the log (a dry run: would leave); `through` is the new checkpoint. */
  | Readonly<{ kind: 'aged-out'; removed: number; through: ChainHead | undefined }>
  /** Nothing was removed because the part that would leave does not verify: it stays, as evidence. */
  | Readonly<{ kind: 'refused'; pastPeriod: number; broken: ChainBreak }>;

const pageSize = 2000;

/**
 * Removes the oldest entries recorded before `cutOff`, within the caller's transaction, after
 * verifying every link of what leaves: a stretch that does not verify is kept and reported, never
 * aged out of sight. A dry run verifies and counts only.
 */
export async function ageOutAuditLog(trx: Knex.Transaction, cutOff: Date, options: { dryRun: boolean }): Promise<AgeingOutcome> {
  const checkpoints = await readCheckpoints(trx);
  const start = chainStart(checkpoints);
  const head = (await recordedHead(trx)) ?? emptyChain;
  const [firstKept] = await trx('audit_log').where('at', '>=', cutOff).min<Array<{ seq: string | null }>>({ seq: 'seq' });
  const last = lastToAgeOut(start, head, firstKept?.seq == null ? undefined : Number(firstKept.seq));
  if (last === undefined) return { kind: 'aged-out', removed: 0, through: undefined };
  const pastPeriod = last - start.seq;
  const broken = checkCheckpoints(checkpoints);
  if (broken) return { kind: 'refused', pastPeriod, broken };
  let verified = start;
  while (verified.seq < last) {
    const page = await readAuditPage(trx, verified.seq, Math.min(pageSize, last - verified.seq));
    if (page.length === 0) {
      return { kind: 'refused', pastPeriod, broken: { seq: verified.seq + 1, reason: 'deleted', message: `entries ${verified.seq + 1} to ${last} are missing (deleted?)` } };
    }
    for (const entry of page) {
      const found = checkNext(verified, entry);
      if (found) return { kind: 'refused', pastPeriod, broken: found };
      verified = { seq: entry.seq, hash: entry.hash };
    }
  }
  if (options.dryRun) return { kind: 'aged-out', removed: pastPeriod, through: verified };
  const { rows } = await trx.raw('select audit_log_age_out(?, ?, ?) as removed', [verified.seq, verified.hash, cutOff]);
  return { kind: 'aged-out', removed: Number(rows[0].removed), through: verified };
}
