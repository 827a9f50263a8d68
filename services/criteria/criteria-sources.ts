import type { Knex } from 'knex';
import type { MatchLinked } from '../contracts';
import { recentHistory } from '../digest/digest-sources';
import { chunks } from '../platform/chunks';
import type { CriteriaSet } from './criteria-set';
import type { LinkedEvent } from './evaluate';
import { periodEnding } from './period';

/**
 * What a criteria report reads, as it stood at its knowledge cut-off. The events are the matches
 * digests are built from, read the way `digest --as-of` reads them (services/digest/digest-sources.ts):
 * only what reached us before the cut-off counts, so a late event, a later re-match or a review
 * confirmed since does not change a report already run.
 */
export type CriteriaInputs = Readonly<{ familyIds: readonly string[]; events: readonly LinkedEvent[] }>;

/** Families in the programme at the cut-off: enrolled before it and not closed before it. */
export async function householdsAt(db: Knex | Knex.Transaction, knownAt: string): Promise<string[]> {
  const rows: Array<{ family_id: string }> = await db('families')
    .where('enrolled_at', '<', knownAt)
    .andWhere((open) => open.whereNull('closed_at').orWhere('closed_at', '>=', knownAt))
    .orderBy('family_id')
    .select('family_id');
  return rows.map((row) => row.family_id);
}

export function linkedEvent(match: MatchLinked): LinkedEvent {
  return {
    familyId: match.familyId,
    eventKey: `${match.event.agency}:${match.event.agencyEventId}`,
    memberIds: match.members.map((member) => member.memberId),
    agency: match.event.agency,
    category: match.event.category,
    occurredAt: Date.parse(match.event.occurredAt),
  };
}

export async function readCriteriaInputs(db: Knex | Knex.Transaction, set: CriteriaSet, asOf: string, knownAt: string): Promise<CriteriaInputs> {
  const familyIds = await householdsAt(db, knownAt);
  const earliest = Math.min(...set.criteria.map((criterion) => periodEnding(asOf, criterion.withinDays).from));
  const events: LinkedEvent[] = [];
  // The whole programme, not one caseload: an IN list as long as the cohort would pass PostgreSQL's bind-parameter limit.
  for (const some of chunks(familyIds)) events.push(...(await recentHistory(db, some, new Date(earliest).toISOString(), knownAt)).map(linkedEvent));
  return { familyIds, events };
}

/**
 * The rule set and sharing policy in force at the cut-off, for the report to state: the versions the
 * digest job last started using at or before it (`rule_set_versions`, `policy_versions`), or null
 * when no digest had been issued by then.
 */
export async function versionsInForce(db: Knex | Knex.Transaction, knownAt: string): Promise<{ ruleSetVersion: string | null; policyVersion: string | null }> {
  const latest = async (table: string) => {
    const row: { version: string } | undefined = await db(table).where('first_used_at', '<=', knownAt).orderBy('first_used_at', 'desc').first('version');
    return row?.version ?? null;
  };
  return { ruleSetVersion: await latest('rule_set_versions'), policyVersion: await latest('policy_versions') };
}
