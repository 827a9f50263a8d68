import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { importCohortRows } from '../services/cohort/import-cohort';
import type { CohortEvent, MatchLinked, PoliceIncident } from '../services/contracts';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Re-matching from Kafka history, and households linked by where a family lived on the day. All
 * against the real stack: the events re-examined are read back from the agency topics.
 */
const family = oneFamilyRows[0];
const recordedAt = '2026-03-01T09:00:00Z';

const owen = { givenName: 'Owen', familyName: 'Quillfeather', dateOfBirth: '2012-05-06' };
const owenJoins: CohortEvent = {
  type: 'member.added',
  eventId: 'C-TEST-OWEN-JOINS',
  familyId: family.familyId,
  recordedAt: '2026-04-10T09:00:00Z',
  memberId: 'F-TEST-1-M2',
  details: owen,
};
const familyMoves: CohortEvent = {
  type: 'family.moved',
  eventId: 'C-TEST-MOVE',
  familyId: family.familyId,
  recordedAt: '2026-04-10T09:05:00Z',
  address: { line1: '3 Heron Close', town: 'Wessexbury', postcode: 'BA2 5AB' },
  movedOn: '2026-04-01',
};

/** An incident naming only a stranger, so only the address can link it. */
function strangerAt(eventId: string, occurredAt: string, address: PoliceIncident['address']): PoliceIncident {
  return {
    ...policeEventFor(family, eventId, occurredAt),
    occurredAt,
    category: 'ANTI_SOCIAL_BEHAVIOUR',
    people: [{ role: 'witness', givenName: 'Zebedee', familyName: 'Marchbanks', dateOfBirth: '1960-10-11' }],
    address,
  };
}

describe('re-matching and address history', () => {
  let runtime: Runtime;
  const matches = async (): Promise<MatchLinked[]> =>
    (await runtime.db('matches').orderBy('match_id').select('payload')).map((row: { payload: MatchLinked }) => row.payload);
  const matchFor = async (agencyEventId: string) => (await matches()).filter((match) => match.event.agencyEventId === agencyEventId);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, recordedAt), (e) => e.familyId);
    const owenIncident = { ...policeEventFor(family, 'ASP-OWEN-1'), people: [{ role: 'suspect' as const, ...owen }] };
    await publishEvents(runtime, 'police', [owenIncident, policeEventFor(family, 'ASP-RHIANNON-1')], (e) => e.eventId);
    await catchUp(runtime);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('links an old event to someone who joins later, as history, once', async () => {
    expect(await matchFor('ASP-OWEN-1')).toEqual([]);
    expect(await matchFor('ASP-RHIANNON-1')).toHaveLength(1);

    const joinedAt = Date.now();
    await publishEvents(runtime, 'cohort', [owenJoins], (e) => e.familyId);
    await catchUp(runtime);

    const [relinked] = await matchFor('ASP-OWEN-1');
    expect(relinked).toEqual(
      expect.objectContaining({ context: 'history', familyId: family.familyId, members: [expect.objectContaining({ memberId: 'F-TEST-1-M2' })] }),
    );
    // Received when re-matching found it, not when the incident first arrived: it is background
    // for the next digest, never a late live risk.
    expect(Date.parse(relinked.receivedAt)).toBeGreaterThanOrEqual(joinedAt);
    expect((await matchFor('ASP-RHIANNON-1')).map((match) => match.context)).toEqual(['live']);
    expect(await runtime.db('rematch_requests').whereNull('done_at').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('asks for nothing again after a restart or a second run', async () => {
    const requestsBefore = await runtime.db('rematch_requests').count({ n: '*' });
    const matchesBefore = (await matches()).length;
    await catchUp(runtime); // a new matcher handler: it reloads the whole cohort
    await catchUp(runtime);
    expect(await runtime.db('rematch_requests').count({ n: '*' })).toEqual(requestsBefore);
    expect(await matches()).toHaveLength(matchesBefore);
    const published = await runtime.db('outbox').where({ topic: runtime.topics.matches }).count({ n: '*' });
    expect(published).toEqual([{ n: String(matchesBefore) }]);
  });

  it('links a household by the address the family had on the day of the event', async () => {
    await publishEvents(runtime, 'cohort', [familyMoves], (e) => e.familyId);
    const oldHome = { line1: family.addressLine1, postcode: family.postcode };
    const newHome = { line1: '3 Heron Close', postcode: 'BA2 5AB' };
    await publishEvents(
      runtime,
      'police',
      [
        strangerAt('ASP-OLD-HOME-BEFORE-MOVE', '2026-03-20T20:00:00+00:00', oldHome),
        strangerAt('ASP-OLD-HOME-AFTER-MOVE', '2026-04-05T20:00:00+01:00', oldHome),
        strangerAt('ASP-NEW-HOME-AFTER-MOVE', '2026-04-05T21:00:00+01:00', newHome),
        strangerAt('ASP-NEW-HOME-BEFORE-MOVE', '2026-03-20T21:00:00+00:00', newHome),
      ],
      (e) => e.eventId,
    );
    await catchUp(runtime);
    const linked = (await matches()).filter((match) => match.event.agencyEventId.includes('HOME')).map((match) => match.event.agencyEventId);
    expect(linked.sort()).toEqual(['ASP-NEW-HOME-AFTER-MOVE', 'ASP-OLD-HOME-BEFORE-MOVE']);
    const family1 = await runtime.db('families').where({ family_id: family.familyId }).first('address_line1', 'postcode');
    expect(family1).toEqual({ address_line1: '3 Heron Close', postcode: 'BA2 5AB' });
  });

  it('re-matches after a re-imported cohort file corrects a date of birth', async () => {
    const recordedWrongly = { ...policeEventFor(family, 'ASP-RHIANNON-DOB'), people: [{ role: 'victim' as const, givenName: family.givenName, familyName: family.familyName, dateOfBirth: '1979-11-23' }] };
    await publishEvents(runtime, 'police', [recordedWrongly], (e) => e.eventId);
    await catchUp(runtime);
    expect(await matchFor('ASP-RHIANNON-DOB')).toEqual([]);

    const imported = await importCohortRows(runtime, { rows: [{ ...family, dateOfBirth: '1979-11-23' }], rejections: [] });
    expect(imported.published).toBe(true);
    await catchUp(runtime);
    expect(await runtime.db('members').where({ member_id: family.memberId }).first('date_of_birth')).toEqual({ date_of_birth: '1979-11-23' });
    expect((await matchFor('ASP-RHIANNON-DOB')).map((match) => match.context)).toEqual(['history']);
  });
});
