import { catchUp } from '../pipelines/consumers';
import { listAuditEntries } from '../services/audit';
import type { ItemAcknowledged } from '../services/contracts';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { familyFor } from '../services/portal/access';
import { decideAsReviewer, reviewForReviewer } from '../services/portal/reviews';
import { teamFamilies, teamOf, unacknowledgedHighRisk } from '../services/portal/team';
import { assignCoverAsManager, endCoverAsManager, type Manager } from '../services/portal/team-cover';
import { listReviews } from '../services/review';
import { buildTeamWorld, north, south, type TeamWorld } from './support/team-world';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The team manager's and the reviewer's queries and actions on the real stack: teams from the
 * cohort events, families and unacknowledged high-risk items per team under the team-manager
 * sharing policy, cover through the CLI's functions, and review decisions as reviews.v1 events.
 */
describe("a team manager's and a reviewer's view of the cohort", () => {
  let runtime: Runtime;
  let world: TeamWorld;
  const policy = loadPolicy();
  const now = () => new Date();
  const context = () => ({ runtime, db: runtime.db, log: runtime.log, now });

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    world = await buildTeamWorld(runtime);
  });
  afterAll(async () => {
    await disposeRuntime(runtime);
  });

  it('projects each practitioner’s team, and a description recorded earlier never undoes a later one', async () => {
    const teams = await runtime.db('practitioners').orderBy('practitioner_id').select('practitioner_id', 'team');
    expect(teams).toEqual(expect.arrayContaining([{ practitioner_id: 'P-M1', team: north }, { practitioner_id: 'P-S1', team: south }, { practitioner_id: 'P-T1', team: null }]));
    const moved = { name: 'Sasha South', email: 'p-s1@council.example', practitionerId: 'P-S1' };
    // A rebuild may read another family's partition late: the move (10 March) applies, the older description (5 March) after it does not.
    await publishEvents(runtime, 'cohort', [
      { type: 'practitioner.assigned', eventId: 'team-move-new', familyId: 'F-S1', recordedAt: '2026-03-10T09:00:00Z', practitioner: { ...moved, team: 'West Family Help' } },
      { type: 'practitioner.assigned', eventId: 'team-move-old', familyId: 'F-S1', recordedAt: '2026-03-05T09:00:00Z', practitioner: { ...moved, team: south } },
    ], (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    expect(await runtime.db('practitioners').where({ practitioner_id: 'P-S1' }).first('team')).toEqual({ team: 'West Family Help' });
    await publishEvents(runtime, 'cohort', [
      { type: 'practitioner.assigned', eventId: 'team-move-back', familyId: 'F-S1', recordedAt: '2026-03-11T09:00:00Z', practitioner: { ...moved, team: south } },
    ], (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    expect(await runtime.db('practitioners').where({ practitioner_id: 'P-S1' }).first('team')).toEqual({ team: south });
    const applied = await runtime.db('cohort_applied_events').whereIn('event_id', ['team-move-new', 'team-move-old', 'team-move-back']).count({ n: '*' });
    expect(applied).toEqual([{ n: '3' }]);
  });

  it("lists the manager's own team's families with lead, status and last digest, and no other team's", async () => {
    const team = await teamOf(runtime.db, 'P-M1');
    expect(team?.name).toBe(north);
    expect(team?.practitioners.map((p) => p.practitionerId).sort()).toEqual(['P-C1', 'P-L1', 'P-M1']);
    expect(await teamOf(runtime.db, 'P-T1')).toBeUndefined();
    const families = await teamFamilies(runtime.db, north, now());
    expect(families.map((f) => f.familyId).sort()).toEqual(['F-C1', 'F-M1', 'F-N1']);
    expect(families.find((f) => f.familyId === 'F-N1')).toMatchObject({ reference: 'SF-N1', status: 'open', lead: { practitionerId: 'P-L1', name: 'Lou Lead' }, lastDigest: '2026-03-29', cover: [] });
    expect(families.find((f) => f.familyId === 'F-C1')?.lastDigest).toBeNull();
  });

  it('lists the high-risk items nobody has acknowledged, as a manager may see them, until someone acknowledges one', async () => {
    const waiting = await unacknowledgedHighRisk(runtime.db, north, policy, now());
    expect(waiting).toHaveLength(1);
    const [{ item, digestId, sentTo }] = waiting;
    expect(item).toMatchObject({ familyId: 'F-N1', riskLevel: 'high', category: 'DOMESTIC_ABUSE', disclosure: { level: 'summary' } });
    expect(item.summary).toBeUndefined(); // the policy shows a team manager police domestic abuse as a summary: no narrative
    expect(JSON.stringify(item)).not.toMatch(/Wilhelmina|Ashcombe/);
    expect(sentTo).toBe('Lou Lead');
    expect(digestId).toBe(world.digests['P-L1'].digestId);
    expect((await unacknowledgedHighRisk(runtime.db, south, policy, now())).map((w) => w.item.familyId)).toEqual(['F-S1']);

    const acknowledged: ItemAcknowledged = {
      type: 'item.acknowledged', acknowledgementId: 'ack-team-1', practitionerId: 'P-L1', matchId: item.matchId, familyId: 'F-N1', digestId, acknowledgedAt: new Date().toISOString(),
    };
    await publishEvents(runtime, 'acknowledgements', [acknowledged], (e) => e.familyId);
    await catchUp(runtime, ['acknowledgements']);
    expect(await unacknowledgedHighRisk(runtime.db, north, policy, now())).toEqual([]);
  });

  it('assigns and ends cover only for its own team, with the CLI’s functions, audited', async () => {
    const manager: Manager = { practitionerId: 'P-M1', team: (await teamOf(runtime.db, 'P-M1'))! };
    const at = new Date();
    expect(await assignCoverAsManager(runtime.db, manager, { familyId: 'F-S1', practitionerId: 'P-C1' }, at)).toEqual({ refused: true });
    expect(await assignCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-S1' }, at)).toEqual({ problem: expect.stringMatching(/from the list of your team/) });
    expect(await assignCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-C1', until: '2020-01-01' }, at)).toEqual({ problem: 'The last day of cover must be today or later.' });
    expect(await assignCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-L1' }, at)).toEqual({ problem: expect.stringMatching(/already leads family F-N1/) });
    expect(await runtime.db('family_cover').count({ n: '*' })).toEqual([{ n: '0' }]);

    expect(await assignCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-C1', until: '2099-12-31', reason: 'Lou on leave' }, at)).toEqual({ done: expect.stringMatching(/^Casey Cover now covers/) });
    expect(await familyFor(runtime.db, 'P-C1', 'F-N1', new Date())).toMatchObject({ role: 'covering-practitioner' });
    const [cover] = await runtime.db('family_cover').select('assigned_by', 'valid_until', 'reason');
    expect(cover).toEqual({ assigned_by: 'P-M1', valid_until: new Date('2100-01-01T00:00:00Z'), reason: 'Lou on leave' });
    expect((await teamFamilies(runtime.db, north, new Date())).find((f) => f.familyId === 'F-N1')?.cover).toEqual([{ practitionerId: 'P-C1', name: 'Casey Cover', until: new Date('2100-01-01T00:00:00Z') }]);

    expect(await endCoverAsManager(runtime.db, manager, { familyId: 'F-S1', practitionerId: 'P-C1' }, new Date())).toEqual({ refused: true });
    expect(await endCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-C1' }, new Date())).toEqual({ done: 'Cover ended.' });
    expect(await familyFor(runtime.db, 'P-C1', 'F-N1', new Date())).toBeUndefined();
    expect(await endCoverAsManager(runtime.db, manager, { familyId: 'F-N1', practitionerId: 'P-C1' }, new Date())).toEqual({ problem: expect.stringMatching(/not covering/) });

    const entries = (await listAuditEntries(runtime.db, { limit: 100 })).filter((e) => e.actor === 'P-M1' && e.detail.page === 'team');
    expect(entries.map((e) => [e.detail.action, e.familyId, e.recipient])).toEqual(expect.arrayContaining([['cover-assigned', 'F-N1', 'P-C1'], ['cover-ended', 'F-N1', 'P-C1']]));
  });

  it('records a reviewer’s decision as the CLI does: a rejection needs a reason, a confirmation becomes a link', async () => {
    const [open] = await listReviews(runtime.db);
    const view = await reviewForReviewer(runtime.db, open.reviewId);
    expect(view?.candidate).toMatchObject({ givenName: 'Rhiannon', familyName: 'Quillfeather', dateOfBirth: '1991-02-03', familyReference: 'SF-T1', nhsNumberHeld: true });
    expect(await reviewForReviewer(runtime.db, 'no-such-review')).toBeUndefined();
    const reviewer = { practitionerId: 'P-R1', name: 'Riley Reviewer' };

    expect(await decideAsReviewer(context(), reviewer, open.reviewId, { decision: 'reject', reason: '  ' })).toEqual({ problem: 'Say why it is not the same person: a rejection needs a reason.' });
    expect(await decideAsReviewer(context(), reviewer, open.reviewId, { decision: 'maybe' })).toEqual({ problem: expect.stringMatching(/confirm/) });
    expect(await decideAsReviewer(context(), reviewer, 'no-such-review', { decision: 'confirm' })).toEqual({ refused: true });
    expect(await decideAsReviewer(context(), reviewer, open.reviewId, { decision: 'confirm' })).toEqual({ done: 'confirmed' });
    await catchUp(runtime, ['reviews', 'matches']);

    expect(await listReviews(runtime.db, 'confirmed')).toEqual([expect.objectContaining({ reviewId: open.reviewId })]);
    const [match] = await runtime.db('matches').where({ family_id: 'F-TEST-1' }).select('payload');
    expect(match.payload.explanation).toMatch(/confirmed by Riley Reviewer \(P-R1\)/);
    expect(await decideAsReviewer(context(), reviewer, open.reviewId, { decision: 'reject', reason: 'second thoughts' })).toEqual({ problem: expect.stringMatching(/already confirmed/) });
    const entries = (await listAuditEntries(runtime.db, { limit: 100 })).filter((e) => e.actor === 'P-R1');
    expect(entries).toEqual([expect.objectContaining({ kind: 'view', familyId: 'F-TEST-1', subjectMemberIds: ['F-TEST-1-M1'], detail: expect.objectContaining({ action: 'review-confirmed', reviewId: open.reviewId }) })]);
  });
});
