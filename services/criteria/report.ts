import { contentHash } from '../digest/versions-store';
import type { CriteriaSet } from './criteria-set';
import type { HouseholdResult } from './evaluate';
import { periodEnding } from './period';

/**
 * The pseudonymised criteria report governance approves before anyone is contacted. It says how many
 * households meet each criterion, in which combinations, and how the number changes if a criterion's
 * minimum were another; each household appears only as its keyed pseudonym (`family-3f9a2c1b04de`,
 * the one `replay` and `what-if` give it), in pseudonym order so not even the order of the council's
 * ids shows. Its id is derived from its content, so an approval of the id is an approval of exactly
 * this content: these criteria (version and hash), this as-of date, this history.
 */
export type ReportContext = Readonly<{
  asOf: string;
  knownAt: string;
  criteriaHash: string;
  ruleSetVersion: string | null;
  policyVersion: string | null;
  thresholds: readonly number[];
}>;

export type ReportContent = Readonly<{
  title: string;
  asOf: string;
  knownAt: string;
  criteriaVersion: string;
  criteriaHash: string;
  criteriaDescription: string;
  ruleSetVersion: string | null;
  policyVersion: string | null;
  pseudonymised: true;
  suppression: string;
  householdsInProgramme: number;
  thresholds: readonly number[];
  criteria: ReadonlyArray<CriterionSummary>;
  combinations: ReadonlyArray<Readonly<{ criteria: readonly string[]; households: number }>>;
  householdsMeetingAny: number;
  households: ReadonlyArray<Readonly<{ household: string; criteria: readonly string[]; counts: Readonly<Record<string, number>> }>>;
}>;

export type CriterionSummary = Readonly<{
  id: string;
  says: string;
  counts: 'household' | 'person';
  events: ReadonlyArray<Readonly<{ agency: string; categories: readonly string[] | null }>>;
  minEvents: number;
  withinDays: number;
  period: Readonly<{ from: string; to: string }>;
  households: number;
  /** Households that would meet it with each minimum in the report's thresholds. */
  atThresholds: ReadonlyArray<Readonly<{ minEvents: number; households: number }>>;
}>;

export type CriteriaReport = Readonly<{ reportId: string; contentHash: string; content: ReportContent }>;

/** Said in every report, as issue 17 asks of each output. */
export const noSuppression =
  'none: this report is for the programme\'s governance, not for publication; households appear only as keyed pseudonyms and counts are exact';

export const reportIdFor = (hash: string): string => `cr-${hash.slice(0, 16)}`;

export function buildCriteriaReport(set: CriteriaSet, results: readonly HouseholdResult[], context: ReportContext, pseudonym: (familyId: string) => string): CriteriaReport {
  const meeting = results.filter((result) => result.met.length > 0);
  const combinations = new Map<string, { criteria: readonly string[]; households: number }>();
  for (const result of meeting) {
    const key = result.met.join('\u0000');
    combinations.set(key, { criteria: result.met, households: (combinations.get(key)?.households ?? 0) + 1 });
  }
  const content: ReportContent = {
    title: `Eligibility criteria report (pseudonymised): criteria ${set.version} as of ${context.asOf}`,
    asOf: context.asOf,
    knownAt: context.knownAt,
    criteriaVersion: set.version,
    criteriaHash: context.criteriaHash,
    criteriaDescription: set.description,
    ruleSetVersion: context.ruleSetVersion,
    policyVersion: context.policyVersion,
    pseudonymised: true,
    suppression: noSuppression,
    householdsInProgramme: results.length,
    thresholds: [...context.thresholds],
    criteria: set.criteria.map((criterion) => {
      const period = periodEnding(context.asOf, criterion.withinDays);
      const atLeast = (minimum: number) => results.filter((result) => result.counts[criterion.id] >= minimum).length;
      return {
        id: criterion.id,
        says: criterion.says,
        counts: criterion.counts,
        events: criterion.events.map((selector) => ({ agency: selector.agency, categories: selector.categories ? [...selector.categories] : null })),
        minEvents: criterion.minEvents,
        withinDays: criterion.withinDays,
        period: { from: period.firstDate, to: period.lastDate },
        households: atLeast(criterion.minEvents),
        atThresholds: context.thresholds.map((minimum) => ({ minEvents: minimum, households: atLeast(minimum) })),
      };
    }),
    combinations: [...combinations.values()].sort((a, b) => b.households - a.households || b.criteria.length - a.criteria.length || a.criteria.join().localeCompare(b.criteria.join())),
    householdsMeetingAny: meeting.length,
    households: meeting
      .map((result) => ({
        household: pseudonym(result.familyId),
        criteria: result.met,
        counts: Object.fromEntries(Object.entries(result.counts).filter(([, count]) => count > 0)),
      }))
      .sort((a, b) => a.household.localeCompare(b.household)),
  };
  const hash = contentHash(content);
  return { reportId: reportIdFor(hash), contentHash: hash, content };
}
