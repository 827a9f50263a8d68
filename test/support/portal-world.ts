import { catchUp, digestInputs, followConsumers } from '../../pipelines/consumers';
import type { CohortRow } from '../../services/cohort/csv-format';
import { cohortEventsFromRows } from '../../services/cohort/cohort-events-from-rows';
import type { DigestIssued } from '../../services/contracts';
import { runDigestJob } from '../../services/digest/digest-job';
import { publishEvents } from '../../services/platform/publish';
import type { Runtime } from '../../services/platform/runtime';
import { loadPolicy } from '../../services/policy';
import { setPassword, startPortal, type RunningPortal, type ScryptParameters } from '../../services/portal';
import { loadRuleSet } from '../../services/risk';
import { oneFamilyRows, policeEventFor } from './fixtures';

/**
 * Two practitioners, one family each, one police incident each, and one issued digest each: enough
 * for the portal tests to sign in, read, acknowledge, and be refused the other's family. Passwords
 * are hashed at a lower scrypt cost than production's so the lock-out test stays quick; the
 * production cost is covered by the unit tests. All data is synthetic.
 */
export const testScrypt: ScryptParameters = { log2N: 14, r: 8, p: 1 };
export const passwords = { 'P-T1': 'correct horse battery staple', 'P-T2': 'another long synthetic passphrase', 'P-T3': 'a third synthetic passphrase' } as const;

export const otherFamilyRows: CohortRow[] = [
  {
    ...oneFamilyRows[0],
    familyId: 'F-TEST-2', familyReference: 'SF-T2', leadPractitionerId: 'P-T2', leadPractitionerName: 'Robin Other',
    leadPractitionerEmail: 'robin.other@council.example', memberId: 'F-TEST-2-M1', givenName: 'Ottoline', familyName: 'Brackenridge',
    dateOfBirth: '1987-07-14', nhsNumber: undefined, addressLine1: '3 Heron Close', postcode: 'BA3 5QT', uprn: '100000000888',
  },
  {
    ...oneFamilyRows[0],
    familyId: 'F-TEST-3', familyReference: 'SF-T3', leadPractitionerId: 'P-T3', leadPractitionerName: 'Sam Third',
    leadPractitionerEmail: 'sam.third@council.example', memberId: 'F-TEST-3-M1', givenName: 'Isolde', familyName: 'Wetherall',
    dateOfBirth: '1979-11-30', nhsNumber: undefined, addressLine1: '9 Kite Walk', postcode: 'BA4 6RW', uprn: '100000000999',
  },
];

export type PortalWorld = Readonly<{
  portal: RunningPortal;
  digests: Readonly<Record<'P-T1' | 'P-T2', DigestIssued>>;
  /** Stops the portal and the acknowledgements consumer running beside it. */
  close(): Promise<void>;
}>;

export async function buildPortalWorld(runtime: Runtime, portalRuntime: Runtime = runtime): Promise<PortalWorld> {
  const rows = [...oneFamilyRows, ...otherFamilyRows];
  await publishEvents(runtime, 'cohort', cohortEventsFromRows(rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  const events = [oneFamilyRows[0], otherFamilyRows[0]].map((row, index) => ({
    ...policeEventFor(row, `ASP-PORTAL-${index + 1}`),
    summary: `Synthetic narrative <b>${index + 1}</b>`,
    address: { line1: row.addressLine1, postcode: row.postcode },
  }));
  await publishEvents(runtime, 'police', events, (e) => e.eventId);
  await catchUp(runtime, digestInputs);
  const { issued } = await runDigestJob(runtime, { date: '2026-03-29', rules: loadRuleSet(), policy: loadPolicy() });
  await catchUp(runtime, ['digests']);
  const byPractitioner = Object.fromEntries(issued.map((digest) => [digest.practitionerId, digest]));
  for (const [practitionerId, password] of Object.entries(passwords)) await setPassword(runtime.db, practitionerId, password, new Date(), testScrypt);
  const portal = await startPortal(portalRuntime, { listen: { host: '127.0.0.1', port: 0 }, scrypt: testScrypt });
  // As in production, the portal runs no consumer: the acknowledgements consumer runs beside it.
  const stop = new AbortController();
  const following = followConsumers(runtime, ['acknowledgements'], { signal: stop.signal });
  return {
    portal,
    digests: { 'P-T1': byPractitioner['P-T1'], 'P-T2': byPractitioner['P-T2'] },
    close: async () => {
      await portal.close();
      stop.abort();
      await following;
    },
  };
}
