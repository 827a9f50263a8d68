import { catchUp, digestInputs } from '../pipelines/consumers';
import { subjectAccess, verifyAuditLog, entriesAbout } from '../services/audit';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { digestIssued, type DigestIssued, type PoliceIncident } from '../services/contracts';
import { digestItems } from '../services/digest/build-digest';
import { runDigestJob } from '../services/digest/digest-job';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { digestFor, familyFor, familyItems } from '../services/portal/access';
import { loadRuleSet } from '../services/risk';
import { recordReview, recordWithholding, withholdingFor } from '../services/sharing-decisions';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Children's Wellbeing and Schools Act 2026: a holder's decision that sharing an item would be more
 * detrimental to the child, through sharing-decisions.v1, the projection, the digest job, digests.v1,
 * the portal's pages, the audit log and subject access, on the real stack. All data is synthetic.
 */
describe('decisions to withhold as more detrimental to the child, through Kafka and PostgreSQL', () => {
  let runtime: Runtime;
  const rules = loadRuleSet();
  const policy = loadPolicy();
  const [mother] = oneFamilyRows;
  const child = { ...mother, memberId: 'F-TEST-1-M2', givenName: 'Wren', dateOfBirth: '2016-06-11', nhsNumber: undefined };
  const police = (eventId: string, category: PoliceIncident['category'], reportedAt: string): PoliceIncident => ({
    ...policeEventFor(mother, eventId, reportedAt),
    category,
    occurredAt: reportedAt,
    summary: `Synthetic ${category.toLowerCase()} narrative ${eventId}`,
  });
  let decisionId: string;

  async function issue(date: string, events: PoliceIncident[]): Promise<DigestIssued> {
    if (events.length) await publishEvents(runtime, 'police', events, (event) => event.eventId);
    await catchUp(runtime, digestInputs);
    const { issued } = await runDigestJob(runtime, { date, rules, policy });
    expect(issued).toHaveLength(1);
    await catchUp(runtime, ['digests']);
    const [row] = await runtime.db('digests').where('digest_date', date).select('payload');
    return digestIssued.parse(row.payload);
  }

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows([mother, child], '2026-01-05T09:00:00Z'), (event) => event.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('a decision recorded at source, before the event arrives, keeps it out of the digest and counts it without saying which', async () => {
    const decision = await recordWithholding(runtime, {
      agency: 'police',
      agencyEventId: 'P-DA-1',
      memberId: child.memberId,
      reason: 'The father reads the family’s messages; sharing now would put Wren at greater risk.',
      decidedBy: { name: 'DI Synthetic', organisation: 'Avon and Wessex Police' },
      decidedAt: new Date().toISOString(),
    });
    decisionId = decision.decisionId;
    const digest = await issue('2026-03-28', [police('P-DA-1', 'DOMESTIC_ABUSE', '2026-03-27T22:00:00+00:00'), police('P-CHILD-1', 'CHILD_CONCERN', '2026-03-27T23:00:00+00:00')]);

    expect(digestItems(digest).map((item) => item.category)).toEqual(['CHILD_CONCERN']);
    expect(digest.withheld).toEqual(expect.objectContaining({ 'more-detrimental-to-child': 1 }));
    expect(JSON.stringify(digest)).not.toMatch(/P-DA-1|domestic_abuse narrative/);
    expect(await withholdingFor(runtime.db, { agency: 'police', agencyEventId: 'P-DA-1', memberId: child.memberId }, 'encompass')).toEqual(
      expect.objectContaining({ decisionId, basis: 'more-detrimental-to-child', status: 'in-force' }),
    );
  });

  it('lifting the decision lets the next digest show the item, as late: it reached the practitioner after the digest it belonged in', async () => {
    await recordReview(runtime, decisionId, { outcome: 'lifted', reason: 'Father moved out; school and worker need to know.', reviewedBy: { name: 'IG Officer Synthetic' }, reviewedAt: new Date().toISOString() });
    const digest = await issue('2026-03-29', []);

    expect(digestItems(digest)).toEqual([expect.objectContaining({ category: 'DOMESTIC_ABUSE', timing: 'late', summary: 'Synthetic domestic_abuse narrative P-DA-1' })]);
    expect(digest.withheld).toEqual(expect.objectContaining({ 'more-detrimental-to-child': 0 }));
    expect(await withholdingFor(runtime.db, { agency: 'police', agencyEventId: 'P-DA-1' }, 'digest')).toBeUndefined();
  });

  it('a decision after an item was shown takes it off the portal’s digest and family pages from then on', async () => {
    const access = await familyFor(runtime.db, mother.leadPractitionerId, mother.familyId, new Date());
    if (!access) throw new Error('the lead practitioner should see the family');
    const before = await familyItems(runtime.db, access, policy, new Date());
    expect(before.map(({ item }) => item.category).sort()).toEqual(['CHILD_CONCERN', 'DOMESTIC_ABUSE']);
    await recordWithholding(runtime, {
      agency: 'police', agencyEventId: 'P-CHILD-1', familyId: mother.familyId, paths: ['digest'],
      reason: 'Synthetic: disclosure to the worker would be more detrimental at this point.',
      decidedBy: { name: 'Team Manager Synthetic', organisation: 'Wessexbury Council' }, decidedAt: new Date().toISOString(),
    });
    await catchUp(runtime, ['sharing-decisions']);

    const after = await familyItems(runtime.db, access, policy, new Date());
    expect(after.map(({ item }) => item.category)).toEqual(['DOMESTIC_ABUSE']);
    const [first] = await runtime.db('digests').where('digest_date', '2026-03-28').select('digest_id');
    const shown = await digestFor(runtime.db, mother.leadPractitionerId, first.digest_id);
    expect(shown && digestItems(shown)).toEqual([]);
  });

  it('the audit log and the child’s subject access show the decision, who made it, when, why and its review', async () => {
    const entries = (await entriesAbout(runtime.db, [child.memberId], [])).filter((entry) => entry.kind === 'sharing-decision');
    expect(entries.map((entry) => [entry.actor, entry.itemId, entry.lawfulBasis, entry.detail.decision])).toEqual([
      ['operator:DI Synthetic', 'P-DA-1', 'more-detrimental-to-child', 'withheld'],
      ['operator:IG Officer Synthetic', 'P-DA-1', 'more-detrimental-to-child', 'lifted'],
    ]);
    expect(entries[0].justification).toBe('The father reads the family’s messages; sharing now would put Wren at greater risk.');

    const access = await subjectAccess(runtime.db, child.memberId);
    expect(access.sharingDecisions.map(({ decision, reviews }) => [decision.decisionId, decision.paths, decision.decidedBy.organisation, reviews.map((r) => r.outcome)])).toEqual([
      [decisionId, ['digest', 'encompass', 'urgent'], 'Avon and Wessex Police', ['lifted']],
      [expect.any(String), ['digest'], 'Wessexbury Council', []],
    ]);
    expect(await verifyAuditLog(runtime.db)).toEqual(expect.objectContaining({ intact: true }));
  });
});
