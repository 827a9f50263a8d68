import { agencies, agencyOf, type DigestIssued } from '../services/contracts';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { catchUp } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { digestItems } from '../services/digest/build-digest';
import { runDigestJob } from '../services/digest/digest-job';
import { loadPolicy } from '../services/policy';
import { loadRuleSet } from '../services/risk';
import { windowHours } from '../services/digest/window';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { resetConsumer } from '../services/consumers';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

describe('the pipeline on a synthetic council, through the days around the March clock change', () => {
  let runtime: Runtime;
  const council = generateCouncil({ families: 300, seed: 3 });
  const days = ['2026-03-28', '2026-03-29'];
  const truth = new Map<string, string[]>();
  const digests = new Map<string, DigestIssued[]>();
  const rules = loadRuleSet();
  const policy = loadPolicy();

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    for (const date of days) {
      const day = generateAgencyEvents(council, { date, seed: 3 });
      for (const [key, families] of Object.entries(day.truth)) truth.set(key, families);
      for (const agency of agencies) {
        await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
      }
      await catchUp(runtime);
      digests.set(date, (await runDigestJob(runtime, { date, rules, policy })).issued);
    }
    await catchUp(runtime, ['digests']);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('links each event to exactly the families the generator says it concerns', async () => {
    const rows: Array<{ agency: string; event_id: string; family_id: string }> = await runtime.db('matches').select(
      'agency', runtime.db.raw(`payload->'event'->>'agencyEventId' as event_id`), 'family_id',
    );
    const linked = new Map<string, string[]>();
    for (const row of rows) linked.set(`${row.agency}:${row.event_id}`, [...(linked.get(`${row.agency}:${row.event_id}`) ?? []), row.family_id].sort());
    const expected = [...truth].filter(([, families]) => families.length > 0).map(([key, families]) => [key, [...families].sort()]);
    expect([...linked].sort()).toEqual(expected.sort());
  });

  it('issues one digest per practitioner per day, the second window 23 hours long', async () => {
    const [first, second] = days.map((date) => digests.get(date) ?? []);
    expect(first).toHaveLength(council.practitioners.length);
    expect(second).toHaveLength(council.practitioners.length);
    expect(second.every((digest) => windowHours(digest.window) === 23)).toBe(true);
    expect(second[0].window).toEqual({ from: '2026-03-28T07:00:00+00:00', to: '2026-03-29T07:00:00+01:00' });
    const again = await runDigestJob(runtime, { date: '2026-03-29', rules, policy });
    expect(again).toEqual({ issued: [], alreadyIssued: council.practitioners.length });
  });

  it("puts the Davis family and Tom first in their practitioner's digest, raised by the wider picture", () => {
    const stories = [
      { familyId: 'F-DAVIS', category: 'DOMESTIC_ABUSE', findings: ['police.repeat-domestic-abuse', 'multi-agency-7-days'] },
      { familyId: 'F-TOM', category: 'MENTAL_HEALTH_CRISIS', findings: ['multi-agency-7-days'] },
    ];
    for (const { familyId, category, findings } of stories) {
      const practitioner = council.rows.find((row) => row.familyId === familyId)?.leadPractitionerId;
      const digest = (digests.get('2026-03-29') ?? []).find((d) => d.practitionerId === practitioner);
      if (!digest) throw new Error(`no digest for ${practitioner}`);
      const storyFamilies = digest.families.filter((family) => /^F-(DAVIS|TOM)$/.test(family.familyId));
      // Both stories share a practitioner in this council; together they lead the digest.
      expect(digest.families.slice(0, storyFamilies.length).map((family) => family.familyId)).toContain(familyId);
      const family = digest.families.find((f) => f.familyId === familyId);
      expect(family?.riskLevel).toBe('high');
      expect(family?.findings.map((finding) => finding.rule.id)).toEqual(expect.arrayContaining(findings));
      expect(family?.items.find((item) => item.category === category)?.riskLevel).toBe('high');
      for (const item of family?.items ?? []) {
        expect(item).toEqual(expect.objectContaining({
          organisation: expect.any(String),
          rule: { id: `${item.agency}.${item.category}`, version: rules.version },
          occurredAt: expect.stringMatching(/[+-]\d\d:\d\d$/),
          reportedAt: expect.stringMatching(/[+-]\d\d:\d\d$/),
          whyMatched: expect.stringMatching(/\w/),
          timing: 'new',
        }));
      }
    }
  });

  it('never shows a practitioner the same item twice across days', () => {
    for (const practitioner of council.practitioners) {
      const shown = days.flatMap((date) => (digests.get(date) ?? []).filter((d) => d.practitionerId === practitioner.practitionerId).flatMap(digestItems));
      expect(new Set(shown.map((item) => item.matchId)).size).toBe(shown.length);
    }
  });

  it('rebuilds the matches projection from matches.v1 to exactly the same rows', async () => {
    const before = await runtime.db('matches').orderBy('match_id').select();
    await resetConsumer(runtime.db, 'matches');
    expect(await runtime.db('matches').count({ n: '*' })).toEqual([{ n: '0' }]);
    await catchUp(runtime, ['matches']);
    expect(await runtime.db('matches').orderBy('match_id').select()).toEqual(before);
  });
});
