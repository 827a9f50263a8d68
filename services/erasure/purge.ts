import type { Knex } from 'knex';
import type { DigestIssued } from '../contracts';
import { digestCounts } from '../digest/build-digest';
import { familyTables, removeClosedCases } from '../retention/closed-cases';

/**
 * What an erased family leaves in PostgreSQL, and its removal. The projections' rows go the way a
 * rebuild would leave them after the key is destroyed (services/sealing opens nothing of the family):
 * its rows in every family table, what practitioners were shown of its matches (digest_items), and
 * its entries inside the digests practitioners were sent, which stay for their other families.
 * The outbox's copies go too: published copies of the family's events, and its entries in digests.
 * Kept: ids without content (matcher_links, cohort_applied_events, the matcher's ledger) and the
 * audit log, which holds ids only.
 */
export type FamilyHoldings = Readonly<Record<string, number>>;

const digestHolding = (familyId: string) => JSON.stringify({ families: [{ familyId }] });
const reviewHolding = (familyId: string) => JSON.stringify({ candidate: { familyId } });

export async function surveyFamily(db: Knex | Knex.Transaction, familyId: string): Promise<FamilyHoldings> {
  const count = async (query: Knex.QueryBuilder): Promise<number> => Number((await query.count({ n: '*' }).first())?.n ?? 0);
  const found: Record<string, number> = {};
  found.digest_items = await count(db('digest_items').whereIn('match_id', db('matches').where({ family_id: familyId }).select('match_id')));
  for (const table of familyTables) found[table] = await count(db(table).where({ family_id: familyId }));
  found['digests (entries)'] = await count(db('digests').whereRaw('payload @> ?::jsonb', [digestHolding(familyId)]));
  found.outbox = await count(outboxRowsOf(db, familyId));
  return Object.fromEntries(Object.entries(found).filter(([, rows]) => rows > 0));
}

const outboxRowsOf = (db: Knex | Knex.Transaction, familyId: string) =>
  db('outbox').where((q) => q.where({ message_key: familyId }).orWhereRaw('payload @> ?::jsonb', [digestHolding(familyId)]).orWhereRaw('payload @> ?::jsonb', [reviewHolding(familyId)]));

/** Removes the family's rows in the caller's transaction; returns rows removed per table. */
export async function purgeFamily(trx: Knex.Transaction, familyId: string): Promise<FamilyHoldings> {
  const removed: Record<string, number> = { ...(await removeClosedCases(trx, [familyId], () => undefined)) };
  removed['digests (entries)'] = await withoutFamily(trx, 'digests', 'digest_id', familyId, true);
  // A digest in the outbox keeps its other families; every other row about the family goes.
  await withoutFamily(trx, 'outbox', 'id', familyId, false);
  removed.outbox = await outboxRowsOf(trx, familyId).delete();
  return Object.fromEntries(Object.entries(removed).filter(([, rows]) => rows > 0));
}

/** Rewrites each digest holding the family without its entry, as the digest reads once the family's key is gone. */
async function withoutFamily(trx: Knex.Transaction, table: 'digests' | 'outbox', key: string, familyId: string, itemCount: boolean): Promise<number> {
  const rows: Array<{ id: string; payload: DigestIssued }> = await trx(table).whereRaw('payload @> ?::jsonb', [digestHolding(familyId)]).select({ id: key, payload: 'payload' });
  for (const row of rows) {
    const families = row.payload.families.filter((family) => family.familyId !== familyId);
    const digest = { ...row.payload, families, counts: digestCounts(families) };
    const itemCountColumn = itemCount ? { item_count: digest.families.reduce((sum, family) => sum + family.items.length, 0) } : {};
    await trx(table).where({ [key]: row.id }).update({ payload: JSON.stringify(digest), ...itemCountColumn });
  }
  return rows.length;
}
