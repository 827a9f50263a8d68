import type { Knex } from 'knex';
import { agencies, type Agency, type TopicNames } from '../contracts';
import { monthBounds, type Period } from './months';

/**
 * The counts behind the transparency page, read from PostgreSQL only (reads never consume):
 *
 * | figure                | from                                            | month by                                |
 * |-----------------------|-------------------------------------------------|-----------------------------------------|
 * | families supported    | families (cohort projection)                    | enrolled before its end, not closed before its start |
 * | events received       | matcher_ledger, one row per agency message, as `live-risk status` counts them; publishers' repeats left out | when the matcher read it |
 * | what happened to them | the same rows by outcome                        | the same                                |
 * | reviews decided       | reviews (projection of reviews.v1)              | the decision's decidedAt                |
 * | disclosures           | audit_log, kind disclosure, by lawful basis     | when recorded                           |
 * | subject-access requests answered | audit_log, kind subject-access       | when recorded                           |
 *
 * Months are calendar months in Europe/London.
 */
export const eventOutcomes = ['matched', 'in-review', 'unmatched', 'rejected'] as const;
export type EventOutcome = (typeof eventOutcomes)[number];
const outcomeOfLedger: Readonly<Record<string, EventOutcome | undefined>> = { linked: 'matched', 'in-review': 'in-review', unlinked: 'unmatched', 'dead-lettered': 'rejected' };

export const reviewDecisions = ['confirmed', 'rejected'] as const;
export const lawfulBasesShown = ['consent', 'public-task', 'vital-interests'] as const;

export type MonthlyCounts = Readonly<{
  families: ReadonlyMap<string, number>;
  events: ReadonlyArray<Readonly<{ month: string; agency: Agency; outcome: EventOutcome; count: number }>>;
  reviews: ReadonlyArray<Readonly<{ month: string; decision: string; count: number }>>;
  disclosures: ReadonlyArray<Readonly<{ month: string; basis: string; count: number }>>;
  subjectAccess: ReadonlyMap<string, number>;
  /** The rule-set and policy versions the digests issued in the period name. */
  digestVersions: Readonly<{ rules: readonly string[]; policies: readonly string[] }>;
}>;

const londonMonth = (column: string) => `to_char(${column} at time zone 'Europe/London', 'YYYY-MM')`;

export async function monthlyCounts(db: Knex, topics: TopicNames, period: Period): Promise<MonthlyCounts> {
  const families = new Map<string, number>();
  for (const month of period.months) {
    const { from, to } = monthBounds(month);
    const [row] = await db('families')
      .where('enrolled_at', '<', to)
      .andWhere((q) => q.whereNull('closed_at').orWhere('closed_at', '>=', from))
      .count<{ count: string }[]>({ count: '*' });
    families.set(month, Number(row.count));
  }
  const agencyOfTopic = new Map<string, Agency>(agencies.map((agency) => [topics[agency], agency]));
  const ledger: Array<{ month: string; topic: string; outcome: string; count: string }> = await db('matcher_ledger')
    .whereIn('topic', [...agencyOfTopic.keys()])
    .andWhere('processed_at', '>=', period.from)
    .andWhere('processed_at', '<', period.to)
    .groupByRaw('1, 2, 3')
    .select(db.raw(`${londonMonth('processed_at')} as month`), 'topic', 'outcome', db.raw('count(*) as count'));
  const events = ledger.flatMap((row) => {
    const outcome = outcomeOfLedger[row.outcome];
    const agency = agencyOfTopic.get(row.topic);
    return outcome && agency ? [{ month: row.month, agency, outcome, count: Number(row.count) }] : [];
  });
  const reviews: Array<{ month: string; decision: string; count: string }> = await db('reviews')
    .whereIn('status', reviewDecisions)
    .andWhereRaw(`(decision->>'decidedAt')::timestamptz >= ? and (decision->>'decidedAt')::timestamptz < ?`, [period.from, period.to])
    .groupByRaw('1, 2')
    .select(db.raw(`${londonMonth(`(decision->>'decidedAt')::timestamptz`)} as month`), 'status as decision', db.raw('count(*) as count'));
  const audit = (kind: string) => db('audit_log').where({ kind }).andWhere('at', '>=', period.from).andWhere('at', '<', period.to);
  const disclosures: Array<{ month: string; basis: string; count: string }> = await audit('disclosure')
    .groupByRaw('1, 2')
    .select(db.raw(`${londonMonth('at')} as month`), 'lawful_basis as basis', db.raw('count(*) as count'));
  const requests: Array<{ month: string; count: string }> = await audit('subject-access').groupByRaw('1').select(db.raw(`${londonMonth('at')} as month`), db.raw('count(*) as count'));
  const versions: Array<{ rules: string | null; policy: string | null }> = await db('digests')
    .where('digest_date', '>=', period.months[0] + '-01')
    .andWhere('digest_date', '<', nextMonthDate(period))
    .distinct(db.raw(`payload->>'ruleSetVersion' as rules`), db.raw(`payload->>'policyVersion' as policy`));
  const sorted = (values: Array<string | null>) => [...new Set(values.filter((value): value is string => Boolean(value)))].sort();
  return {
    families,
    events,
    reviews: reviews.map((row) => ({ month: row.month, decision: row.decision, count: Number(row.count) })),
    disclosures: disclosures.map((row) => ({ month: row.month, basis: row.basis ?? 'not recorded', count: Number(row.count) })),
    subjectAccess: new Map(requests.map((row) => [row.month, Number(row.count)])),
    digestVersions: { rules: sorted(versions.map((row) => row.rules)), policies: sorted(versions.map((row) => row.policy)) },
  };
}

/** Digest dates are London calendar dates: the first day of the month after the period. */
function nextMonthDate(period: Period): string {
  const last = period.months[period.months.length - 1];
  const [year, month] = last.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}
