import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { davisFamilyId, generateAgencyEvents, generateCouncil, tomFamilyId } from '../pipelines/synthetic-council';
import { createPseudonymiser, loadPseudonymKey } from '../services/analyst';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf } from '../services/contracts';
import { addCalendarDays, exampleCriteriaFile } from '../services/criteria';
import { verifyAuditLog } from '../services/audit';
import { toLocalIso } from '../services/digest/window';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };
type ReportJson = {
  reportId: string; contentHash: string; asOf: string; knownAt: string; criteriaVersion: string; pseudonymised: boolean; suppression: string;
  criteria: Array<{ id: string; households: number; period: { from: string; to: string }; atThresholds: Array<{ minEvents: number; households: number }> }>;
  householdsMeetingAny: number; householdsInProgramme: number;
  households: Array<{ household: string; criteria: string[] }>;
};

describe('eligibility criteria: a pseudonymised report, approval as an event, then the identified list (issue 17)', () => {
  let runtime: Runtime;
  let dir: string;
  const council = generateCouncil({ families: 16, seed: 11 });
  // Relative to today, so the criteria's look-back windows always hold the events, whenever this runs.
  const today = toLocalIso(new Date()).slice(0, 10);
  const days = [addCalendarDays(today, -2), addCalendarDays(today, -1)];
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: join(dir, 'pseudonym.key') } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const outputs: Record<'json' | 'md' | 'html', string> = { json: '', md: '', html: '' };
  let report: ReportJson;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-risk-criteria-'));
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, `${addCalendarDays(today, -30)}T09:00:00Z`), (e) => e.familyId);
    const events = days.flatMap((date) => generateAgencyEvents(council, { date, seed: 11 }).events.map((e) => e.event));
    for (const agency of agencies) await publishEvents(runtime, agency, events.filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    await catchUp(runtime, digestInputs);
    const file = (format: string) => join(dir, `report.${format}`);
    const result = await run('criteria', 'report', '--criteria', exampleCriteriaFile, '--as-of', today, '--thresholds', '1,2,3', '--out', file('json'), '--out', file('md'), '--out', file('html'), '--by', 'analyst-a');
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    for (const format of ['json', 'md', 'html'] as const) outputs[format] = await readFile(file(format), 'utf8');
    report = JSON.parse(outputs.json) as ReportJson;
    // What the command printed is part of the output too.
    outputs.json += result.stdout;
  });
  afterAll(async () => disposeRuntime(runtime));

  it('counts the story families: the Davis household\'s repeated domestic abuse, and Tom\'s crisis contacts as a person', async () => {
    const p = createPseudonymiser(await loadPseudonymKey(join(dir, 'pseudonym.key')));
    const met = Object.fromEntries(report.households.map((h) => [h.household, h.criteria]));
    expect(met[p.pseudonym('family', davisFamilyId)]).toEqual(expect.arrayContaining(['repeat-domestic-abuse', 'crime-and-anti-social-behaviour']));
    expect(met[p.pseudonym('family', tomFamilyId)]).toEqual(expect.arrayContaining(['health-crisis-or-self-harm']));
    const abuse = report.criteria.find((c) => c.id === 'repeat-domestic-abuse');
    expect(abuse?.period).toEqual({ from: addCalendarDays(today, -364), to: today });
    // Lowering a minimum can only find more households.
    expect(abuse?.atThresholds.map((t) => t.households)).toEqual([...(abuse?.atThresholds.map((t) => t.households) ?? [])].sort((a, b) => b - a));
    expect(report.householdsInProgramme).toBe(16);
    expect(report.householdsMeetingAny).toBe(report.households.length);
  });

  it('states the period, criteria version, rule and policy versions and the suppression, and contains no identifier of anyone in the cohort, in any format', () => {
    expect(report).toMatchObject({ asOf: today, criteriaVersion: '2026.1-example', pseudonymised: true, suppression: expect.stringMatching(/^none: /) });
    expect(outputs.md).toMatch(/\| Risk rules in force \| none recorded by then \|/);
    expect(outputs.html).toContain('<th scope="row">Sharing policy in force</th>');
    // Dates the report states itself (its as-of date, periods, cut-off) are not a date of birth it leaks.
    const ownDates = new Set([report.asOf, report.knownAt.slice(0, 10), ...report.criteria.flatMap((c) => [c.period.from, c.period.to])]);
    for (const row of council.rows) {
      const identifiers = [row.familyId, row.familyReference, row.memberId, row.nhsNumber, row.pncId, row.uprn, row.addressLine1, row.postcode, row.leadPractitionerEmail];
      const dateOfBirth = row.dateOfBirth && !ownDates.has(row.dateOfBirth) ? [row.dateOfBirth] : [];
      for (const [format, text] of Object.entries(outputs)) {
        for (const value of [...identifiers, ...dateOfBirth].filter(Boolean) as string[]) expect(`${format}: ${text.includes(value) ? value : ''}`).toBe(`${format}: `);
        // A name is a word: "Lee" must not be found inside "Leeds" or "fleet".
        for (const name of [row.givenName, row.familyName, row.leadPractitionerName]) {
          expect(`${format}: ${new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text) ? name : ''}`).toBe(`${format}: `);
        }
      }
    }
  });

  it('refuses the identified list before approval, saying what to do, and shows no one', async () => {
    const refused = await run('criteria', 'list', '--report-id', report.reportId, '--by', 'analyst-a');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`criteria report ${report.reportId} has not been approved, so no household is identified`);
    expect(refused.stderr).toContain(`live-risk criteria approve --report-id ${report.reportId} --by NAME --reason TEXT`);
    expect(refused.stdout).toBe('');
    expect(await runtime.db('audit_log').where({ kind: 'raw-access' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('does not let the analyst who ran the report approve it', async () => {
    const result = await run('criteria', 'approve', '--report-id', report.reportId, '--by', 'analyst-a', '--reason', 'self-approval');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`analyst-a ran report ${report.reportId} and so may not approve it`);
  });

  describe('once governance has approved the report', () => {
    beforeAll(async () => {
      const approved = await run('criteria', 'approve', '--report-id', report.reportId, '--by', 'ig-lead', '--reason', 'Information governance board, item 4');
      expect(approved.stderr).not.toMatch(/live-risk:/);
      expect(approved.code).toBe(0);
      // Reads never consume: the approval is on record once its projection has applied it from Kafka.
      await catchUp(runtime, ['criteria-approvals']);
    });

    it('the approval is an event on criteria-approvals.v1, bound to the report\'s content hash', async () => {
      const rows = await runtime.db('criteria_approvals').where({ report_id: report.reportId }).select('content_hash', 'approved_by', 'payload');
      expect(rows).toEqual([expect.objectContaining({ content_hash: report.contentHash, approved_by: 'ig-lead' })]);
      expect(rows[0].payload).toMatchObject({ type: 'criteria-report.approved', asOf: today, knownAt: report.knownAt, criteriaVersion: '2026.1-example' });
      const offsets = await runtime.db('consumer_offsets').where({ consumer: 'projection.criteria-approvals' }).sum({ n: 'next_offset' });
      expect(Number(offsets[0].n)).toBe(1);
    });

    it('lists the households the report counted, identified, and records the list in the audit log first', async () => {
      const result = await run('criteria', 'list', '--report-id', report.reportId, '--by', 'programme-manager', '--format', 'json');
      expect(result.stderr).not.toMatch(/live-risk:/);
      expect(result.code).toBe(0);
      const list = JSON.parse(result.stdout) as { households: Array<{ familyId: string; reference: string; criteria: string[] }> };
      expect(list.households).toHaveLength(report.householdsMeetingAny);
      expect(list.households.find((h) => h.familyId === davisFamilyId)).toMatchObject({ reference: council.rows.find((r) => r.familyId === davisFamilyId)?.familyReference });
      expect(list.households.map((h) => h.familyId)).toContain(tomFamilyId);
      const entries: Array<{ family_id: string | null; actor: string; detail: Record<string, unknown> }> = await runtime.db('audit_log').where({ kind: 'raw-access' }).orderBy('seq').select('family_id', 'actor', 'detail');
      expect(entries.every((e) => e.actor === 'analyst:programme-manager' && e.detail.reportId === report.reportId && e.detail.command === 'criteria list')).toBe(true);
      expect(entries[0]).toMatchObject({ family_id: null, detail: expect.objectContaining({ households: report.householdsMeetingAny }) });
      expect(entries.slice(1).map((e) => e.family_id).sort()).toEqual(list.households.map((h) => h.familyId).sort());
      expect(await verifyAuditLog(runtime.db)).toMatchObject({ intact: true });
    });

    it('the same criteria run over a pseudonymised replay find the same households; that report, not itself approved, is refused', async () => {
      expect(await run('replay', '--into', 'criteria')).toEqual(expect.objectContaining({ code: 0 }));
      const file = join(dir, 'replayed.json');
      const replayed = await run('criteria', 'report', '--criteria', exampleCriteriaFile, '--as-of', today, '--thresholds', '1,2,3', '--out', file, '--from-schema', 'replay_criteria', '--by', 'analyst-a');
      expect(replayed.stderr).not.toMatch(/live-risk:/);
      expect(replayed.code).toBe(0);
      const other = JSON.parse(await readFile(file, 'utf8')) as ReportJson;
      // Run later, it knows history up to a later instant, so it is another report with another id; nothing arrived in between.
      expect(other.reportId).not.toBe(report.reportId);
      expect({ households: other.households, criteria: other.criteria }).toEqual({ households: report.households, criteria: report.criteria });
      const refused = await run('criteria', 'list', '--report-id', other.reportId, '--by', 'programme-manager');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('has not been approved');
    });
  });
});
