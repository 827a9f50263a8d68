import type { Knex } from 'knex';
import { chunks } from '../platform/chunks';
import { LiveRiskError } from '../platform/errors';
import { toContent, type AuditEntry, type AuditEntryInput, type AuditKind, type DisclosureLevel } from './audit-entry';
import { chainEntries, emptyChain, type ChainHead } from './hash-chain';

/**
 * The PostgreSQL side of the audit log (table audit_log, migration 005). Appends happen inside the
 * caller's transaction, so a disclosure is recorded if and only if what it records commits.
 */
type Db = Knex | Knex.Transaction;

// One lock for every appender, held to the end of the transaction: the next seq and the previous
// hash are read under it, so two transactions never chain onto the same entry. A caller that takes
// other advisory locks (the digest job) takes this one last.
const appendLock = 'live-risk.audit-log';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters at 17 columns. */
const insertChunk = 500;

type AuditRow = {
  seq: string;
  at: Date;
  kind: AuditKind;
  actor: string;
  recipient: string | null;
  subject_member_ids: string[];
  family_id: string | null;
  item_id: string | null;
  digest_id: string | null;
  agency: string | null;
  category: string | null;
  disclosure_level: DisclosureLevel | null;
  lawful_basis: string | null;
  policy_version: string | null;
  justification: string | null;
  detail: Record<string, string | number | boolean | null>;
  prev_hash: string;
  hash: string;
};

const toRow = (entry: AuditEntry): Omit<AuditRow, 'seq' | 'at'> & { seq: number; at: string } => ({
  seq: entry.seq, at: entry.at, kind: entry.kind, actor: entry.actor, recipient: entry.recipient,
  subject_member_ids: [...entry.subjectMemberIds], family_id: entry.familyId, item_id: entry.itemId, digest_id: entry.digestId,
  agency: entry.agency, category: entry.category, disclosure_level: entry.level, lawful_basis: entry.lawfulBasis,
  policy_version: entry.policyVersion, justification: entry.justification, detail: { ...entry.detail },
  prev_hash: entry.prevHash, hash: entry.hash,
});

export const fromRow = (row: AuditRow): AuditEntry => ({
  seq: Number(row.seq), at: row.at.toISOString(), kind: row.kind, actor: row.actor, recipient: row.recipient,
  subjectMemberIds: row.subject_member_ids, familyId: row.family_id, itemId: row.item_id, digestId: row.digest_id,
  agency: row.agency, category: row.category, level: row.disclosure_level, lawfulBasis: row.lawful_basis,
  policyVersion: row.policy_version, justification: row.justification, detail: row.detail,
  prevHash: row.prev_hash, hash: row.hash,
});

/**
 * Appends entries to the log within `trx`, in the order given, and returns them as recorded. Use
 * the default READ COMMITTED isolation: the head is read after the lock is granted, which a
 * REPEATABLE READ snapshot taken earlier would not see (the insert would then fail, not fork).
 */
export async function appendAuditEntries(
  trx: Knex.Transaction,
  inputs: readonly AuditEntryInput[],
  now: () => Date = () => new Date(),
): Promise<AuditEntry[]> {
  if (inputs.length === 0) return [];
  if (!trx.isTransaction) {
    throw new LiveRiskError('INTERNAL', 'appendAuditEntries needs a transaction: the entries must commit with what they record');
  }
  const at = now();
  // Validated before the lock, so a bad entry never holds up other appenders.
  const contents = inputs.map((input) => toContent(input, 0, at));
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [appendLock]);
  const head = (await recordedHead(trx)) ?? emptyChain;
  const entries = chainEntries(head, contents.map((content, index) => ({ ...content, seq: head.seq + 1 + index })));
  for (const chunk of chunks(entries, insertChunk)) await trx('audit_log').insert(chunk.map(toRow));
  return entries;
}

/**
 * The newest seq and hash as the database recorded them (audit_log_head), not max(seq): if the
 * newest entries were deleted by hand, the next append leaves a gap that `verify` names.
 */
export async function recordedHead(db: Db): Promise<ChainHead | undefined> {
  const row: { seq: string; hash: string } | undefined = await db('audit_log_head').first('seq', 'hash');
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

/** Entries with seq above `afterSeq`, oldest first: one page of a full read. */
export async function readAuditPage(db: Db, afterSeq: number, limit: number): Promise<AuditEntry[]> {
  const rows: AuditRow[] = await db('audit_log').where('seq', '>', afterSeq).orderBy('seq').limit(limit).select('*');
  return rows.map(fromRow);
}

export async function auditEntryAt(db: Db, seq: number): Promise<AuditEntry | undefined> {
  const row: AuditRow | undefined = await db('audit_log').where({ seq }).first('*');
  return row ? fromRow(row) : undefined;
}

export async function countAuditEntries(db: Db): Promise<number> {
  const [{ n }] = await db('audit_log').count({ n: '*' });
  return Number(n);
}

/** The newest entries (at or after `since` when given), returned oldest first. */
export async function listAuditEntries(db: Db, options: { since?: Date; limit: number }): Promise<AuditEntry[]> {
  const rows: AuditRow[] = await db('audit_log')
    .modify((q) => (options.since ? q.where('at', '>=', options.since) : q))
    .orderBy('seq', 'desc')
    .limit(options.limit)
    .select('*');
  return rows.map(fromRow).reverse();
}

/**
 * Entries about any of `memberIds`, and entries about one of `familyIds` as a whole (no member
 * named): a family-level disclosure is about every member of it.
 */
export async function entriesAbout(db: Db, memberIds: readonly string[], familyIds: readonly string[]): Promise<AuditEntry[]> {
  if (memberIds.length === 0 && familyIds.length === 0) return [];
  const rows: AuditRow[] = await db('audit_log')
    .where((q) => {
      // One placeholder per id: knex would expand a single array binding into a list, not an array.
      q.whereRaw(`subject_member_ids && array[${memberIds.map(() => '?').join(', ')}]::text[]`, [...memberIds]);
      if (familyIds.length > 0) q.orWhere((family) => family.whereIn('family_id', familyIds).whereRaw('cardinality(subject_member_ids) = 0'));
    })
    .orderBy('seq')
    .select('*');
  return rows.map(fromRow);
}
