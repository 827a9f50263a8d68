import type { Practitioner } from '../../services/contracts';
import type { CohortConsent, CohortRow } from '../../services/cohort/csv-format';
import type { DigestWindow } from './digest-window';
import { homeAddress, personFromRow, type EventDraft } from './event-draft';
import { nhsNumberFromBody, pncIdFrom } from './identifiers';

/**
 * Two families from the case studies (seeds/004), in every synthetic council and on every day:
 *
 * - The Davis family: police keep being called to domestic abuse at the house while the housing
 *   provider logs anti-social-behaviour reports about the same address and the school sees a tired,
 *   hungry child, and nobody joins them up. The first call-out names the children who were present,
 *   so their school hears of it through Operation Encompass before the next school day.
 * - Tom, 19, in mental-health crisis: police detain him and the health trust sees him the same
 *   night, each dealing with the presenting problem only.
 *
 * Their ids, names and identifiers are fixed (not drawn from the seed) so tests and demos can
 * find them. They use identifier ranges no generated member can get (see identifiers.ts).
 */
export const davisFamilyId = 'F-DAVIS';
export const tomFamilyId = 'F-TOM';

const member = (
  familyId: string,
  number: number,
  details: Pick<CohortRow, 'givenName' | 'familyName' | 'dateOfBirth' | 'nhsNumber' | 'pncId'>,
) => ({ memberId: `${familyId}-M${number}`, ...details });

const davisMother = member(davisFamilyId, 1, { givenName: 'Karen', familyName: 'Davis', dateOfBirth: '1987-06-12', nhsNumber: nhsNumberFromBody(1) });
const davisPartner = member(davisFamilyId, 2, {
  givenName: 'Lee',
  familyName: 'Davis',
  dateOfBirth: '1984-02-03',
  nhsNumber: nhsNumberFromBody(2),
  pncId: pncIdFrom(2009, 417),
});
const davisChildren = [
  member(davisFamilyId, 3, { givenName: 'Jack', familyName: 'Davis', dateOfBirth: '2014-09-21', nhsNumber: nhsNumberFromBody(3) }),
  member(davisFamilyId, 4, { givenName: 'Ellie', familyName: 'Davis', dateOfBirth: '2017-03-08', nhsNumber: nhsNumberFromBody(4) }),
];
const tomMother = member(tomFamilyId, 1, { givenName: 'Julie', familyName: 'Harper', dateOfBirth: '1972-05-19', nhsNumber: nhsNumberFromBody(5) });
const tom = member(tomFamilyId, 2, { givenName: 'Thomas', familyName: 'Harper', dateOfBirth: '2006-11-02', nhsNumber: nhsNumberFromBody(6) });

const storyFamilies = [
  {
    familyId: davisFamilyId,
    familyReference: 'SF-DAVIS',
    address: { addressLine1: '7 Larkspur Close', town: 'Avonford', postcode: 'BA1 7DX', uprn: '99000000001' },
    consent: 'consent' as CohortConsent,
    members: [davisMother, davisPartner, ...davisChildren],
  },
  {
    familyId: tomFamilyId,
    familyReference: 'SF-TOM',
    address: { addressLine1: '22 Tinners Row', addressLine2: 'Northgate', town: 'Radstow', postcode: 'BA4 2QS', uprn: '99000000002' },
    consent: 'consent' as CohortConsent,
    members: [tomMother, tom],
  },
];

export function storyFamilyRows(practitioner: Practitioner): CohortRow[] {
  return storyFamilies.flatMap(({ members, address, ...family }) =>
    members.map((person) => ({
      familyId: family.familyId,
      familyReference: family.familyReference,
      leadPractitionerId: practitioner.practitionerId,
      leadPractitionerName: practitioner.name,
      leadPractitionerEmail: practitioner.email,
      ...(practitioner.team !== undefined && { leadPractitionerTeam: practitioner.team }),
      ...person,
      ...address,
      consent: family.consent,
    })),
  );
}

const minutes = (count: number) => count * 60_000;

/**
 * The story incidents for one digest window, at fixed times after the window opens (07:00 the day
 * before): evening and small-hours call-outs, all reported before the shortest (23-hour) window
 * closes. Stories whose family is missing from the cohort given are left out.
 */
export function storyDrafts(window: DigestWindow, rowsOf: (familyId: string) => readonly CohortRow[] | undefined): EventDraft[] {
  const at = (offsetMinutes: number) => window.start + minutes(offsetMinutes);
  const drafts: EventDraft[] = [];
  const davis = rowsOf(davisFamilyId);
  const davisRow = (memberId: string) => davis?.find((row) => row.memberId === memberId);
  const mother = davisRow(davisMother.memberId);
  const partner = davisRow(davisPartner.memberId);
  if (davis && mother && partner) {
    const couple = (withPnc: boolean) => [
      personFromRow(mother, 'victim', { dateOfBirth: true, nhsNumber: false, pncId: false }),
      personFromRow(partner, 'suspect', { dateOfBirth: true, nhsNumber: false, pncId: withPnc }),
    ];
    // The officers record the children who were present: Operation Encompass tells their school.
    const children = davisChildren
      .map((child) => davisRow(child.memberId))
      .filter((row): row is CohortRow => row !== undefined)
      .map((row) => personFromRow(row, 'witness', { dateOfBirth: true, nhsNumber: false, pncId: false }));
    const domestic = { agency: 'police', category: 'DOMESTIC_ABUSE', familyIds: [davisFamilyId] } as const;
    drafts.push(
      {
        ...domestic,
        occurredAt: at(14 * 60 + 10),
        reportedAt: at(14 * 60 + 50),
        people: [...couple(true), ...children],
        address: homeAddress(mother, true),
        summary: 'Officers attended a domestic incident at the home; an adult reported being assaulted by their partner. Children present.',
      },
      {
        ...domestic,
        occurredAt: at(19 * 60 + 25),
        reportedAt: at(20 * 60 + 5),
        people: couple(false),
        address: homeAddress(mother, false),
        summary: 'Second call to the address tonight: shouting and a reported assault; the suspect had left before officers arrived.',
      },
      {
        agency: 'housing',
        category: 'ANTI_SOCIAL_BEHAVIOUR_REPORT',
        familyIds: [davisFamilyId],
        occurredAt: at(-10 * 60),
        reportedAt: at(2 * 60),
        people: [],
        address: homeAddress(mother, true),
        summary: 'Neighbours report shouting, banging and a child crying late at night at this address, again.',
      },
    );
    // The school sees the same home from the classroom: a tired, hungry child the morning after.
    const jack = davisRow(davisChildren[0].memberId);
    if (jack) {
      drafts.push({
        agency: 'education',
        category: 'WELLBEING_CONCERN',
        familyIds: [davisFamilyId],
        occurredAt: at(2 * 60 + 15),
        reportedAt: at(3 * 60 + 40),
        people: [personFromRow(jack, 'subject', { dateOfBirth: true, nhsNumber: false, pncId: false })],
        address: homeAddress(jack, false),
        summary: 'Pupil arrived late, tired and hungry; said he had not slept because of shouting at home.',
      });
    }
  }
  const tomRow = rowsOf(tomFamilyId)?.find((row) => row.memberId === tom.memberId);
  if (tomRow) {
    drafts.push(
      {
        agency: 'police',
        category: 'MENTAL_HEALTH_DETENTION',
        familyIds: [tomFamilyId],
        occurredAt: at(14 * 60 + 30),
        reportedAt: at(15 * 60 + 15),
        people: [personFromRow(tomRow, 'subject', { dateOfBirth: true, nhsNumber: false, pncId: false })],
        address: { line1: 'Railway Station', line2: 'Station Approach', town: 'Radstow', postcode: 'BA4 1SA' },
        summary: 'Young man detained under s136 at the railway station after threatening to harm himself; taken to a place of safety.',
      },
      {
        agency: 'health',
        category: 'MENTAL_HEALTH_CRISIS',
        familyIds: [tomFamilyId],
        occurredAt: at(15 * 60 + 45),
        reportedAt: at(17 * 60),
        people: [personFromRow(tomRow, 'patient', { dateOfBirth: true, nhsNumber: true, pncId: false })],
        address: homeAddress(tomRow, false),
        summary: 'Crisis team assessment after a police s136 detention; history of substance misuse; referred for Mental Health Act assessment.',
      },
    );
  }
  return drafts;
}
