import type { Knex } from 'knex';

/**
 * Safeguarding holds: while one is in place a family cannot be erased (a child-protection enquiry,
 * a court order, an investigation may need the record). Placing and releasing are audited by the caller.
 */
export type Hold = Readonly<{ holdId: string; familyId: string; justification: string; heldBy: string; heldAt: Date }>;

type Row = { hold_id: string; family_id: string; justification: string; held_by: string; held_at: Date };
const toHold = (row: Row): Hold => ({ holdId: String(row.hold_id), familyId: row.family_id, justification: row.justification, heldBy: row.held_by, heldAt: row.held_at });

export async function activeHolds(db: Knex | Knex.Transaction, familyId: string): Promise<Hold[]> {
  const rows: Row[] = await db('erasure_holds').where({ family_id: familyId }).whereNull('released_at').orderBy('hold_id');
  return rows.map(toHold);
}

export async function placeHold(trx: Knex.Transaction, familyId: string, justification: string, heldBy: string): Promise<Hold> {
  const [row]: Row[] = await trx('erasure_holds').insert({ family_id: familyId, justification, held_by: heldBy }).returning('*');
  return toHold(row);
}

/** Releases every active hold on the family; returns how many. */
export async function releaseHolds(trx: Knex.Transaction, familyId: string, releasedBy: string): Promise<number> {
  return trx('erasure_holds').where({ family_id: familyId }).whereNull('released_at').update({ released_by: releasedBy, released_at: trx.fn.now() });
}
