import type { Knex } from 'knex';
import { chunks } from '../platform/chunks';
import { closedCaseVerdict, type ClosedCase, type ClosedCaseVerdict } from './plan';
import type { ClosedCaseRule } from './schedule';

/**
 * A closed case past its period, in PostgreSQL: the family's rows in every table that holds them,
 * removed together. Kept on purpose: `matcher_links` and `cohort_applied_events` (ids only, so that
 * nothing is linked or applied twice), the audit log (append-only evidence, ids only) and the
 * digests a practitioner was sent (one digest holds several families; erasure, issue 14 part 2,
 * deals with them and with the family's events in Kafka).
 */
export const familyTables = ['family_addresses', 'members', 'consents', 'consent_history', 'reviews', 'acknowledgements', 'family_cover', 'rematch_requests', 'matches', 'member_schools', 'encompass_notifications', 'urgent_family_events', 'urgent_alert_ledger', 'urgent_alerts', 'families'] as const;

export type ClosedCaseSurvey = Readonly<{ due: readonly string[]; kept: number; undetermined: Readonly<Record<'date-of-birth-unknown' | 'no-child', number>> }>;

export async function surveyClosedCases(db: Knex | Knex.Transaction, rule: ClosedCaseRule, now: Date): Promise<ClosedCaseSurvey> {
  const rows: Array<{ family_id: string; closed_at: Date; date_of_birth: string | null; has_member: boolean }> = await db('families as f')
    .leftJoin('members as m', 'm.family_id', 'f.family_id')
    .where('f.status', 'closed')
    .whereNotNull('f.closed_at')
    .orderBy('f.family_id')
    .select('f.family_id', 'f.closed_at', db.raw("to_char(m.date_of_birth, 'YYYY-MM-DD') as date_of_birth"), db.raw('m.member_id is not null as has_member'));
  const cases = new Map<string, { familyId: string; closedAt: Date; datesOfBirth: Array<string | null> }>();
  for (const row of rows) {
    const found = cases.get(row.family_id) ?? { familyId: row.family_id, closedAt: row.closed_at, datesOfBirth: [] };
    if (row.has_member) found.datesOfBirth.push(row.date_of_birth);
    cases.set(row.family_id, found);
  }
  const verdicts: Array<[ClosedCase, ClosedCaseVerdict]> = [...cases.values()].map((closed) => [closed, closedCaseVerdict(rule, closed, now)]);
  return {
    due: verdicts.filter(([, verdict]) => verdict.kind === 'due').map(([closed]) => closed.familyId),
    kept: verdicts.filter(([, verdict]) => verdict.kind === 'kept').length,
    undetermined: {
      'date-of-birth-unknown': verdicts.filter(([, verdict]) => verdict.kind === 'undetermined' && verdict.why === 'date-of-birth-unknown').length,
      'no-child': verdicts.filter(([, verdict]) => verdict.kind === 'undetermined' && verdict.why === 'no-child').length,
    },
  };
}

/** Removes the families' rows; returns rows removed per table. */
export async function removeClosedCases(trx: Knex.Transaction, familyIds: readonly string[], onProgress: (done: number) => void): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const add = (table: string, rows: number) => (removed[table] = (removed[table] ?? 0) + rows);
  let done = 0;
  for (const chunk of chunks(familyIds, 200)) {
    // What practitioners were shown of these families' matches (the digest_items projection) goes first, by match id.
    add('digest_items', await trx('digest_items').whereIn('match_id', trx('matches').whereIn('family_id', chunk).select('match_id')).delete());
    for (const table of familyTables) add(table, await trx(table).whereIn('family_id', chunk).delete());
    done += chunk.length;
    onProgress(done);
  }
  return removed;
}
