import { catchUp, digestInputs } from '../../pipelines/consumers';
import type { CohortRow } from '../../services/cohort/csv-format';
import { cohortEventsFromRows } from '../../services/cohort/cohort-events-from-rows';
import type { DigestIssued, PoliceIncident } from '../../services/contracts';
import { runDigestJob } from '../../services/digest/digest-job';
import { publishEvents } from '../../services/platform/publish';
import type { Runtime } from '../../services/platform/runtime';
import { loadPolicy } from '../../services/policy';
import { setPassword, setRoles } from '../../services/portal';
import type { PortalRole } from '../../services/portal/roles';
import { loadRuleSet } from '../../services/risk';
import { oneFamilyRows, policeEventFor } from './fixtures';
import { testScrypt } from './portal-world';

/**
 * Two teams for the team-manager and reviewer tests. North Family Help: Morgan Manager (a team
 * manager who also leads a family), Lou Lead and Casey Cover. South Family Help: Sasha South. Pat
 * Tester (no team) leads the family a review may link to, and Riley Reviewer reviews. Lou's and
 * Sasha's families each have a high-risk police incident in the digest for 29 March 2026, Lou's a
 * low-risk one too; a nickname and a birth year one out put a person in Pat's family under review.
 * All data is synthetic.
 */
export const north = 'North Family Help';
export const south = 'South Family Help';

const family = (familyId: string, lead: readonly [string, string, string | undefined], member: readonly [string, string, string], home: readonly [string, string, string]): CohortRow => ({
  ...oneFamilyRows[0],
  familyId, familyReference: `SF-${familyId.slice(2)}`, memberId: `${familyId}-M1`,
  leadPractitionerId: lead[0], leadPractitionerName: lead[1], leadPractitionerEmail: `${lead[0].toLowerCase()}@council.example`, leadPractitionerTeam: lead[2],
  givenName: member[0], familyName: member[1], dateOfBirth: member[2], nhsNumber: undefined,
  addressLine1: home[0], postcode: home[1], uprn: home[2],
});

export const teamRows: CohortRow[] = [
  family('F-N1', ['P-L1', 'Lou Lead', north], ['Wilhelmina', 'Ashcombe', '1985-05-06'], ['4 Plover Court', 'BA1 2CD', '100000000401']),
  family('F-M1', ['P-M1', 'Morgan Manager', north], ['Peregrine', 'Thistlewood', '1979-08-09'], ['6 Curlew Row', 'BA1 3EF', '100000000402']),
  family('F-C1', ['P-C1', 'Casey Cover', north], ['Gwendolyn', 'Marchbanks', '1990-10-11'], ['8 Dunlin Way', 'BA1 4GH', '100000000403']),
  family('F-S1', ['P-S1', 'Sasha South', south], ['Octavia', 'Brambleton', '1983-12-13'], ['10 Egret Lane', 'BA3 5JK', '100000000404']),
  family('F-R1', ['P-R1', 'Riley Reviewer', undefined], ['Bartholomew', 'Fennimore', '1975-01-14'], ['12 Grebe Walk', 'BA4 6LM', '100000000405']),
  ...oneFamilyRows,
];

export const teamPasswords = {
  'P-M1': 'a manager synthetic passphrase',
  'P-L1': 'a lead synthetic passphrase',
  'P-C1': 'a cover synthetic passphrase',
  'P-S1': 'a south synthetic passphrase',
  'P-R1': 'a reviewer synthetic passphrase',
  'P-T1': 'correct horse battery staple',
} as const;
const roles: Readonly<Partial<Record<keyof typeof teamPasswords, PortalRole[]>>> = {
  'P-M1': ['lead-practitioner', 'team-manager'],
  'P-S1': ['lead-practitioner', 'team-manager'],
  'P-R1': ['lead-practitioner', 'reviewer'],
};

const row = (familyId: string): CohortRow => teamRows.find((r) => r.familyId === familyId) as CohortRow;
const incident = (familyId: string, eventId: string, category: PoliceIncident['category'], summary: string): PoliceIncident => ({ ...policeEventFor(row(familyId), eventId), category, summary });
/** Likely, not certainly, Rhiannon Quillfeather of Pat Tester's family. */
export const uncertainIncident = (eventId: string, reportedAt?: string): PoliceIncident => ({
  ...policeEventFor(oneFamilyRows[0], eventId, reportedAt),
  people: [{ role: 'victim', givenName: 'Rhi', familyName: 'Quillfeather', dateOfBirth: '1992-02-03' }],
});

export type TeamWorld = Readonly<{ digests: Readonly<Record<string, DigestIssued>> }>;

export async function buildTeamWorld(runtime: Runtime): Promise<TeamWorld> {
  await publishEvents(runtime, 'cohort', cohortEventsFromRows(teamRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  await publishEvents(runtime, 'police', [
    incident('F-N1', 'ASP-TEAM-N1', 'DOMESTIC_ABUSE', 'Synthetic narrative about North'),
    incident('F-N1', 'ASP-TEAM-N1-LOW', 'ANTI_SOCIAL_BEHAVIOUR', 'Synthetic low-risk narrative'),
    incident('F-S1', 'ASP-TEAM-S1', 'DOMESTIC_ABUSE', 'Synthetic narrative about South'),
    uncertainIncident('ASP-TEAM-REVIEW'),
  ], (e) => e.eventId);
  await catchUp(runtime, digestInputs);
  const { issued } = await runDigestJob(runtime, { date: '2026-03-29', rules: loadRuleSet(), policy: loadPolicy() });
  await catchUp(runtime, ['digests']);
  for (const [practitionerId, password] of Object.entries(teamPasswords)) {
    await setPassword(runtime.db, practitionerId, password, new Date(), testScrypt);
    const held = roles[practitionerId as keyof typeof teamPasswords];
    if (held) await setRoles(runtime.db, practitionerId, held);
  }
  return { digests: Object.fromEntries(issued.map((digest) => [digest.practitionerId, digest])) };
}
