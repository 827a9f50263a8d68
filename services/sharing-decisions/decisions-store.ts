import type { Knex } from 'knex';
import { sharingDecisionReviewed, sharingWithheld, type SharingPath } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { withholdingAmong, type DecisionRecord, type DisclosedItem, type Withholding } from './withholding';

type Db = Knex | Knex.Transaction;

/**
 * Reading the projection of sharing-decisions.v1. `asAt` (an instant) reads decisions and reviews
 * as they had reached us by then, so a past digest is reproduced with the decisions it honoured.
 */
export type AsAt = Readonly<{ asAt?: string }>;

async function recordsWhere(db: Db, narrow: (q: Knex.QueryBuilder) => void, options: AsAt = {}): Promise<DecisionRecord[]> {
  const decisions: Array<{ payload: unknown }> = await db('sharing_decisions as d')
    .modify(narrow)
    .modify((q) => (options.asAt ? q.where('d.recorded_at', '<', options.asAt) : q))
    .orderBy([{ column: 'd.decided_at' }, { column: 'd.decision_id' }])
    .select('d.payload');
  const parsed = decisions.map((row) => sharingWithheld.parse(row.payload));
  if (parsed.length === 0) return [];
  const reviews: Array<{ payload: unknown }> = await db('sharing_decision_reviews')
    .whereIn('decision_id', parsed.map((d) => d.decisionId))
    .modify((q) => (options.asAt ? q.where('recorded_at', '<', options.asAt) : q))
    .orderBy([{ column: 'reviewed_at' }, { column: 'review_id' }])
    .select('payload');
  const allReviews = reviews.map((row) => sharingDecisionReviewed.parse(row.payload));
  return parsed.map((decision) => ({ decision, reviews: allReviews.filter((review) => review.decisionId === decision.decisionId) }));
}

/**
 * THE check every recipient path makes before it discloses an agency event: the morning digest,
 * Operation Encompass school notifications, urgent alerts. Returns the decision in force that stops
 * this disclosure on `path`, or undefined when the item may be shared. A lifted decision no longer
 * withholds. Give `familyId` and `memberId` (the child the disclosure is about) when the path knows
 * them: a decision scoped to one child or family then does not stop a disclosure about another;
 * without them every decision about the event applies. A withheld item is not disclosed at all, and
 * the path may count it (reason `more-detrimental-to-child`) but never say which item it was.
 * Reads the `sharing-decisions` projection: wait for that consumer first (awaitConsumers / digestInputs).
 */
export async function withholdingFor(db: Db, item: DisclosedItem, path: SharingPath, options: AsAt = {}): Promise<Withholding | undefined> {
  const records = await recordsWhere(db, (q) => q.where({ 'd.agency': item.agency, 'd.agency_event_id': item.agencyEventId }), options);
  return withholdingAmong(records, item, path);
}

/** `withholdingFor` for many items in two queries (the digest's batch); answers in the items' order. */
export async function withholdingsFor(db: Db, items: readonly DisclosedItem[], path: SharingPath, options: AsAt = {}): Promise<Array<Withholding | undefined>> {
  if (items.length === 0) return [];
  const eventIds = [...new Set(items.map((item) => item.agencyEventId))];
  const records = await recordsWhere(db, (q) => q.whereIn('d.agency_event_id', eventIds), options);
  return items.map((item) => withholdingAmong(records, item, path));
}

/** Every decision, oldest first, with its reviews. */
export async function listDecisions(db: Db): Promise<DecisionRecord[]> {
  return recordsWhere(db, () => undefined);
}

export async function findDecision(db: Db, decisionId: string): Promise<DecisionRecord> {
  const [record] = await recordsWhere(db, (q) => q.where('d.decision_id', decisionId));
  if (!record) {
    throw new LiveRiskError('NOT_FOUND', `no sharing decision ${decisionId}`, { hint: 'list them with `live-risk sharing decisions`' });
  }
  return record;
}

/**
 * Decisions about a person for a subject access request: those naming one of their member ids or
 * families, and those about any agency event linked to their families (a force may decide at
 * source, before the event was matched to anyone).
 */
export async function decisionsAbout(db: Db, memberIds: readonly string[], familyIds: readonly string[]): Promise<DecisionRecord[]> {
  if (memberIds.length === 0 && familyIds.length === 0) return [];
  const linked: Array<{ agency: string; agency_event_id: string }> = familyIds.length
    ? await db('matches').whereIn('family_id', familyIds).distinct('agency', db.raw(`payload->'event'->>'agencyEventId' as agency_event_id`))
    : [];
  const linkedKeys = new Set(linked.map((event) => `${event.agency}:${event.agency_event_id}`));
  const records = await recordsWhere(db, (q) =>
    q.where((any) => {
      if (memberIds.length) any.orWhereIn('d.member_id', memberIds);
      if (familyIds.length) any.orWhereIn('d.family_id', familyIds);
      if (linked.length) any.orWhereIn('d.agency_event_id', [...new Set(linked.map((event) => event.agency_event_id))]);
    }),
  );
  const members = new Set(memberIds);
  const families = new Set(familyIds);
  return records.filter(({ decision }) => {
    if (decision.memberId && members.has(decision.memberId)) return true;
    if (decision.familyId && families.has(decision.familyId)) return true;
    // About an event linked to their family, and not scoped to another family.
    return linkedKeys.has(`${decision.agency}:${decision.agencyEventId}`) && !decision.familyId;
  });
}
