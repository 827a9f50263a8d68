import type { Knex } from 'knex';
import { contentHash } from '../digest/versions-store';
import type { CriteriaSet } from './criteria-set';
import { readCriteriaInputs, versionsInForce } from './criteria-sources';
import { evaluateCriteria, type HouseholdResult } from './evaluate';
import { buildCriteriaReport, type CriteriaReport } from './report';

export type ReportRun = Readonly<{ asOf: string; knownAt: string; thresholds: readonly number[] }>;
export type Evaluated = Readonly<{ report: CriteriaReport; results: readonly HouseholdResult[] }>;

/**
 * Where a report reads from: the history (the live projections, or a replay schema built from the
 * topics) and the record of the rule and policy versions in force, which is always the live one
 * (a replay has no such record).
 */
export type ReportSources = Readonly<{ history: Knex | Knex.Transaction; record: Knex | Knex.Transaction }>;

/**
 * Reads the history as it stood at `knownAt`, evaluates the criteria and builds the pseudonymised
 * report. `criteria report` runs it once; `criteria list` runs it again with what was stored and
 * shows households only if the report comes out with the very content hash that was approved.
 */
export async function evaluateReport(sources: ReportSources, set: CriteriaSet, run: ReportRun, pseudonym: (familyId: string) => string): Promise<Evaluated> {
  const [inputs, versions] = await Promise.all([readCriteriaInputs(sources.history, set, run.asOf, run.knownAt), versionsInForce(sources.record, run.knownAt)]);
  const results = evaluateCriteria(set, run.asOf, inputs.familyIds, inputs.events);
  const report = buildCriteriaReport(set, results, { ...run, ...versions, criteriaHash: contentHash(set) }, pseudonym);
  return { report, results };
}
