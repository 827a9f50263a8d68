import { followConsumers } from '../../pipelines/consumers';
import { catchUp } from '../../pipelines/consumers';
import type { CohortRow } from '../../services/cohort/csv-format';
import { cohortEventsFromRows } from '../../services/cohort/cohort-events-from-rows';
import type { EncompassNotified } from '../../services/contracts';
import { publishEvents } from '../../services/platform/publish';
import type { Runtime } from '../../services/platform/runtime';
import { registerSchoolDsl, setPassword, setRoles, startPortal, type RunningPortal } from '../../services/portal';
import { oneFamilyRows } from './fixtures';
import { testScrypt } from './portal-world';

/**
 * Operation Encompass as the portal sees it: three families with a child each, at school A
 * (990101), at school B (990102) and educated at home, on the roll through the cohort CSV's
 * school_urn (real member.school-recorded events); one encompass.notified per child, published
 * directly as the Encompass decider would (the decider's own tests cover how police events become
 * them); the DSLs of A and B; Pat Tester (P-T1), a lead practitioner in the council's Encompass
 * team; and the portal with the Encompass projection running beside it. All data is synthetic.
 */
export const schoolA = '990101';
export const schoolB = '990102';

const child = (familyId: string, lead: readonly [string, string], name: readonly [string, string], schoolUrn: string, home: readonly [string, string]): CohortRow => ({
  ...oneFamilyRows[0],
  familyId, familyReference: `SF-${familyId.slice(2)}`, memberId: `${familyId}-M1`,
  leadPractitionerId: lead[0], leadPractitionerName: lead[1], // As the practitioners' other rows give them (portal-world.ts): one practitioner, one description.
  leadPractitionerEmail: lead[0] === 'P-T1' ? oneFamilyRows[0].leadPractitionerEmail : 'robin.other@council.example',
  givenName: name[0], familyName: name[1], dateOfBirth: '2015-05-06', nhsNumber: undefined, schoolUrn,
  addressLine1: home[0], postcode: home[1], uprn: undefined,
});

export const encompassRows: CohortRow[] = [
  ...oneFamilyRows,
  child('F-EA', ['P-T1', 'Pat Tester'], ['Araminta', 'Oakhollow'], schoolA, ['5 Linnet Lane', 'BA1 6AB']),
  child('F-EB', ['P-T2', 'Robin Other'], ['Barnaby', 'Fernleigh'], schoolB, ['7 Siskin Street', 'BA2 7CD']),
  child('F-EH', ['P-T2', 'Robin Other'], ['Hester', 'Winterbourne'], 'HOME', ['9 Wren Road', 'BA3 8EF']),
];

export const people = {
  'DSL-A': { password: 'school a synthetic passphrase', name: 'Dana Ashby' },
  'DSL-B': { password: 'school b synthetic passphrase', name: 'Bo Bramwell' },
  'P-T1': { password: 'correct horse battery staple', name: 'Pat Tester' },
  'P-T2': { password: 'another long synthetic passphrase', name: 'Robin Other' },
} as const;

const notified = (row: CohortRow, recipient: EncompassNotified['recipient'], sentAt: string, circumstances: string): EncompassNotified => ({
  type: 'encompass.notified',
  notificationId: `enc-${row.familyId}`,
  matchId: `match-${row.familyId}`,
  familyId: row.familyId,
  memberId: row.memberId,
  agencyEventId: `ASP-ENC-${row.familyId}`,
  force: 'Avon and Wessex Police',
  occurredAt: '2026-03-27T21:00:00Z',
  receivedAt: '2026-03-27T21:30:00Z',
  deadline: '2026-03-30T07:45:00Z',
  recipient,
  fieldSet: ['child', 'policeReference', 'when', 'where', 'involvement', 'circumstances'],
  content: {
    child: { givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth as string },
    policeReference: `ASP-ENC-${row.familyId}`,
    occurredAt: '2026-03-27T21:00:00Z',
    postcodeDistrict: row.postcode.split(' ')[0],
    involvement: 'witness',
    circumstances,
  },
  policyVersion: 'test',
  sentAt,
  lateFromAgency: false,
});

const [, atA, atB, atHome] = encompassRows;
export const notifications = {
  a: notified(atA, { kind: 'school', urn: schoolA, name: 'Avonford Primary School' }, '2026-03-27T21:31:00Z', 'Synthetic account <b>A</b>: a domestic incident at the home; the child was present.'),
  b: notified(atB, { kind: 'school', urn: schoolB, name: 'Kingsmead Vale Primary School' }, '2026-03-27T21:32:00Z', 'Synthetic account B'),
  home: notified(atHome, { kind: 'council-team', name: 'Avonford Council Operation Encompass team' }, '2026-03-27T21:33:00Z', 'Synthetic account H'),
};

export type EncompassWorld = Readonly<{ portal: RunningPortal; close(): Promise<void> }>;

export async function buildEncompassWorld(runtime: Runtime): Promise<EncompassWorld> {
  await publishEvents(runtime, 'cohort', cohortEventsFromRows(encompassRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  await publishEvents(runtime, 'encompass', Object.values(notifications), (e) => e.notificationId);
  await catchUp(runtime, ['cohort', 'encompass-notifications']);
  await registerSchoolDsl(runtime.db, { staffId: 'DSL-A', name: people['DSL-A'].name, schoolUrn: schoolA }, new Date());
  await registerSchoolDsl(runtime.db, { staffId: 'DSL-B', name: people['DSL-B'].name, schoolUrn: schoolB }, new Date());
  for (const [id, { password }] of Object.entries(people)) await setPassword(runtime.db, id, password, new Date(), testScrypt);
  await setRoles(runtime.db, 'P-T1', ['lead-practitioner', 'encompass-council']);
  const portal = await startPortal(runtime, { listen: { host: '127.0.0.1', port: 0 }, scrypt: testScrypt });
  // As in production, the portal runs no consumer: the Encompass projection runs beside it.
  const stop = new AbortController();
  const following = followConsumers(runtime, ['encompass-notifications'], { signal: stop.signal });
  return {
    portal,
    close: async () => {
      await portal.close();
      stop.abort();
      await following;
    },
  };
}
