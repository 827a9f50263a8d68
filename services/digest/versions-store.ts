import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Policy } from '../policy';
import type { RuleSet } from '../risk';

/**
 * The rule sets and sharing policies digests were built with (migration 007), so a past digest can
 * be rebuilt with exactly the rules in force that day whatever file they came from. A version string
 * is what the digest records, but two files may claim one version with different contents (someone
 * edited a file without bumping it), so a row is keyed by version and content hash, and a reader
 * takes the one first used most recently at or before the digest's cut-off.
 */
export type VersionKind = 'rule-set' | 'policy';
const tables: Record<VersionKind, string> = { 'rule-set': 'rule_set_versions', policy: 'policy_versions' };

/** JSON with object keys sorted at every level, so the hash does not depend on key order (jsonb re-orders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, inner]) => inner !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHash = (document: unknown): string => createHash('sha256').update(canonicalJson(document)).digest('hex');

/** Called in the digest job's transaction: the versions commit with the digests that name them. */
export async function recordVersionsUsed(trx: Knex.Transaction, rules: RuleSet, policy: Policy, cutOff: string): Promise<void> {
  const rows: Array<[VersionKind, { version: string }]> = [['rule-set', rules], ['policy', policy]];
  for (const [kind, document] of rows) {
    await trx(tables[kind])
      .insert({ version: document.version, content_hash: contentHash(document), document: JSON.stringify(document), first_used_at: cutOff })
      .onConflict(['version', 'content_hash'])
      .ignore();
  }
}

export type RecordedVersion = Readonly<{ document: unknown; contentHash: string; firstUsedAt: Date; alternatives: number }>;

/**
 * The document recorded under `version` that was in force at `cutOff`: the one first used most
 * recently at or before it (else the earliest, for a digest issued before this record existed).
 */
export async function recordedVersion(db: Knex | Knex.Transaction, kind: VersionKind, version: string, cutOff: string): Promise<RecordedVersion | undefined> {
  const rows: Array<{ document: unknown; content_hash: string; first_used_at: Date }> = await db(tables[kind])
    .where({ version })
    .orderBy([{ column: 'first_used_at' }, { column: 'content_hash' }])
    .select('document', 'content_hash', 'first_used_at');
  if (rows.length === 0) return undefined;
  const inForce = rows.filter((row) => +row.first_used_at <= Date.parse(cutOff)).at(-1) ?? rows[0];
  return { document: inForce.document, contentHash: inForce.content_hash, firstUsedAt: inForce.first_used_at, alternatives: rows.length - 1 };
}
