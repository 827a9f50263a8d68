import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil, type GeneratedEvent } from '../pipelines/synthetic-council';
import { cohortEventId, cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf, type AgencyEvent } from '../services/contracts';
import { runDigestJob } from '../services/digest/digest-job';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { loadRuleSet, ruleSetsDirectory } from '../services/risk';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const stricterFile = join(ruleSetsDirectory, 'examples', 'stricter.json');
type Result = { code: number; stdout: string; stderr: string };

describe('reproducing past digests (digest --as-of) and trying other rules (what-if)', () => {
  let runtime: Runtime;
  let dir: string;
  const council = generateCouncil({ families: 16, seed: 5 });
  const [first, second] = ['2026-03-28', '2026-03-29'];
  // The digests are issued under today's policy, as a pattern.
  const todaysPolicy = loadPolicy().version.replace(/\./g, '\\.');
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: join(dir, 'pseudonym.key') } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const publishAgency = async (events: readonly AgencyEvent[]) => {
    for (const agency of agencies) {
      await publishEvents(runtime, agency, events.filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
  };
  const issue = async (date: string, rules = loadRuleSet()) => {
    const cutOff = new Date();
    await catchUp(runtime, digestInputs);
    const result = await runDigestJob(runtime, { date, rules, policy: loadPolicy(), now: () => cutOff });
    await catchUp(runtime, ['digests']);
    return result;
  };
  // The test family: consent given, one anti-social behaviour report (rated low; medium under the stricter rules).
  const [testRow] = oneFamilyRows;
  const asb: AgencyEvent = {
    ...policeEventFor(testRow, 'ASP-ASOF-1', '2026-03-27T22:00:00+00:00'),
    occurredAt: '2026-03-27T21:30:00+00:00',
    category: 'ANTI_SOCIAL_BEHAVIOUR',
    people: [{ role: 'subject', givenName: testRow.givenName, familyName: testRow.familyName, identifiers: { nhsNumber: testRow.nhsNumber } }],
  };
  let heldBack: GeneratedEvent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-risk-as-of-'));
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows([...council.rows, ...oneFamilyRows], '2026-03-01T09:00:00Z'), (e) => e.familyId);
    const day = generateAgencyEvents(council, { date: first, seed: 5 });
    // One event of the first day reaches us only after its digest was cut: the second digest shows it as late.
    heldBack = day.events[day.events.length - 1];
    await publishAgency([...day.events.slice(0, -1).map((e) => e.event), asb]);
    expect((await issue(first)).issued).toHaveLength(council.practitioners.length + 1);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('reproduces the first day exactly, and shows it pseudonymised', async () => {
    const result = await run('digest', '--as-of', first);
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^reproduced exactly: \\d+ families, \\d+ items, rules 2026\\.3, policy ${todaysPolicy} \\(\\d+ digests for 2026-03-28, pseudonymised\\)$`, 'm'));
    expect(result.stdout).toContain('Live risk digest for person-');
    for (const row of [...council.rows, ...oneFamilyRows]) {
      for (const secret of [row.familyReference, row.familyName, row.givenName, row.nhsNumber, row.familyId].filter(Boolean) as string[]) {
        expect(result.stdout).not.toContain(secret);
      }
    }
  });

  describe('after the rules changed', () => {
    beforeAll(async () => {
      await publishAgency([heldBack.event, ...generateAgencyEvents(council, { date: second, seed: 5 }).events.map((e) => e.event)]);
      // The test family leaves the programme before the second digest: the first must still show it.
      await publishEvents(runtime, 'cohort', [
        { type: 'family.closed', eventId: cohortEventId(testRow.familyId, 'family.closed'), familyId: testRow.familyId, recordedAt: new Date().toISOString(), reason: 'support completed' },
      ], (e) => e.familyId);
      const issued = await issue(second, loadRuleSet(stricterFile));
      expect(issued.issued.every((digest) => digest.ruleSetVersion === '2026.2-stricter-example')).toBe(true);
      expect(issued.issued.flatMap((d) => d.families.flatMap((f) => f.items)).some((item) => item.timing === 'late')).toBe(true);
    });

    it('still reproduces each day exactly, each with the rules in force that day', async () => {
      const [a, b] = [await run('digest', '--as-of', first, '--check'), await run('digest', '--as-of', second, '--check')];
      expect(a).toEqual(expect.objectContaining({ code: 0 }));
      expect(a.stdout).toMatch(new RegExp(`^reproduced exactly: .*rules 2026\\.3, policy ${todaysPolicy} `, 'm'));
      expect(b.stderr).not.toMatch(/live-risk:/);
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(new RegExp(`^reproduced exactly: .*rules 2026\\.2-stricter-example, policy ${todaysPolicy} `, 'm'));
    });

    it('what-if with the stricter rules reports the families each day newly flagged, as CSV and a chart', async () => {
      const [csv, detail, chart] = ['days.csv', 'families.csv', 'days.svg'].map((name) => join(dir, name));
      const result = await run('what-if', '--rules', stricterFile, '--csv', csv, '--detail', detail, '--chart', chart);
      expect(result.stderr).not.toMatch(/live-risk:/);
      expect(result.code).toBe(0);
      const firstDay = new RegExp(`^${first}\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$`, 'm').exec(result.stdout);
      expect(Number(firstDay?.[3])).toBeGreaterThanOrEqual(1);
      // The second day was issued under the stricter rules already: nothing to change.
      expect(result.stdout).toMatch(new RegExp(`^${second}\\s+\\d+\\s+\\d+\\s+0\\s+0\\s+0$`, 'm'));
      expect((await readFile(csv, 'utf8')).split('\n')[0]).toBe('date,digests,families_compared,newly_flagged,no_longer_flagged,changed_level,not_reproduced');
      const families = await readFile(detail, 'utf8');
      expect(families).toMatch(new RegExp(`^${first},P-T1,family-[0-9a-f]{12},low,medium,newly-flagged$`, 'm'));
      const svg = await readFile(chart, 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"/);
      expect(svg).toContain('<title id="chart-title">What if risk rules 2026.2-stricter-example had been in force');
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      for (const row of [...council.rows, ...oneFamilyRows]) {
        for (const secret of [row.familyReference, row.familyId]) expect(`${result.stdout}${families}${svg}`).not.toContain(secret);
      }
    });

    it('shows real values only with --raw, and records that in the audit log', async () => {
      const result = await run('digest', '--as-of', first, '--practitioner', testRow.leadPractitionerId, '--raw', '--by', 'test-analyst');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Family ${testRow.familyReference}`);
      expect(result.stdout).toMatch(/reproduced exactly: 1 families, 1 items, .*raw values\)$/m);
      const entries = await runtime.db('audit_log').where({ kind: 'raw-access', actor: 'analyst:test-analyst' }).select('detail');
      expect(entries.map((e: { detail: Record<string, unknown> }) => e.detail.command)).toEqual(['digest --as-of']);
    });

    it('reproduces from a raw replay schema as well as from the live projections', async () => {
      expect(await run('replay', '--into', 'asof', '--raw')).toEqual(expect.objectContaining({ code: 0 }));
      const result = await run('digest', '--as-of', second, '--from-schema', 'replay_asof', '--check');
      expect(result.stderr).not.toMatch(/live-risk:/);
      expect(result.stdout).toMatch(new RegExp(`^reproduced exactly: .*rules 2026\\.2-stricter-example, policy ${todaysPolicy} `, 'm'));
    });

    it('exits 1 naming the first differing paths when a stored digest does not match what is rebuilt', async () => {
      // Someone edits the projection: the reproduction no longer matches it.
      await runtime.db('digests')
        .where({ practitioner_id: testRow.leadPractitionerId, digest_date: first })
        .update({ payload: runtime.db.raw(`jsonb_set(payload, '{families,0,riskLevel}', '"high"')`) });
      const result = await run('digest', '--as-of', first, '--practitioner', testRow.leadPractitionerId, '--check');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('NOT reproduced: 1 of 1 digests differ');
      expect(result.stdout).toMatch(/^ {4}families\[0\]\.riskLevel: stored "high", reproduced "low"$/m);
    });

    it('refuses a rule-set version it cannot find, saying where to put the file', async () => {
      await runtime.db('digests')
        .where({ practitioner_id: testRow.leadPractitionerId, digest_date: first })
        .update({ payload: runtime.db.raw(`jsonb_set(payload, '{ruleSetVersion}', '"2099.9"')`) });
      const result = await run('digest', '--as-of', first, '--practitioner', testRow.leadPractitionerId);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('risk rule set version 2099.9 is neither recorded by the digest job nor in services/risk/rule-sets');
      expect(result.stderr).toContain('services/risk/rule-sets/2099.9.json');
    });
  });
});
