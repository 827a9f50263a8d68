import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { CohortRow } from '../services/cohort/csv-format';
import type { CohortEvent } from '../services/contracts';
import type { NhsNumberDataQuality } from '../services/data-quality';
import { LiveRiskMetrics } from '../services/ops/metrics';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * The NHS-number data-quality count from the cohort as published: the command a council runs and the
 * gauge its monitoring scrapes agree, count children of open families only, and name nobody.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const base = oneFamilyRows[0];
const row = (familyId: string, memberId: string, dateOfBirth: string, nhsNumber: string | undefined, team: string): CohortRow => ({
  ...base, familyId, familyReference: `SF-${familyId}`, leadPractitionerId: `P-${team}`, leadPractitionerTeam: team, memberId, givenName: 'Sam', dateOfBirth, nhsNumber,
});
const cohort: CohortRow[] = [
  row('F-A', 'F-A-M1', '1985-04-01', undefined, 'North'), // an adult: not counted
  row('F-A', 'F-A-M2', '2019-06-01', '9434765919', 'North'), // a child with a valid number
  row('F-A', 'F-A-M3', '2021-06-01', undefined, 'North'), // a child with none
  row('F-B', 'F-B-M1', '2016-01-01', '9434765918', 'South'), // a child whose number fails its check digit
  row('F-C', 'F-C-M1', '2018-01-01', undefined, 'South'), // a child in a family closed below: not counted
];

describe('children in the cohort without a valid NHS number', () => {
  let runtime: Runtime;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const closed: CohortEvent = { type: 'family.closed', eventId: 'F-C-closed', familyId: 'F-C', recordedAt: '2026-03-02T09:00:00Z', reason: 'case closed' };
    await publishEvents(runtime, 'cohort', [...cohortEventsFromRows(cohort, '2026-03-01T09:00:00Z'), closed], (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('are counted per team by `live-risk data-quality`, which names nobody', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'data-quality', '--format', 'json', '--on', '2026-03-10'], { env: environmentFor(runtime.config) });
    const report = JSON.parse(stdout) as NhsNumberDataQuality;
    expect(report.cohort).toEqual({ children: 3, noNhsNumber: 1, invalidNhsNumber: 1, ageUnknown: 0 });
    expect(report.teams.map((t) => [t.team, t.children, t.noNhsNumber, t.invalidNhsNumber])).toEqual([['North', 2, 1, 0], ['South', 1, 0, 1]]);
    expect(stdout).not.toMatch(/Sam|Quillfeather|F-A|9434765918/);
  });

  it('are a gauge per team on /metrics', async () => {
    const metrics = await new LiveRiskMetrics(() => runtime, 'test').registry.metrics();
    expect(metrics).toMatch(/^live_risk_cohort_children_without_valid_nhs_number\{team="North"\} 1$/m);
    expect(metrics).toMatch(/^live_risk_cohort_children_without_valid_nhs_number\{team="South"\} 1$/m);
  });
});
