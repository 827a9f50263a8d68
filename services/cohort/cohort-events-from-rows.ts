import { createHash } from 'node:crypto';
import type { Address, CohortEvent, MemberDetails, MemberSchool, Practitioner } from '../contracts';
import { londonDateOf } from '../scheduler/schedule';
import { homeEducated, type CohortRow } from './csv-format';

/**
 * Turns accepted cohort rows into the cohort event stream, family by family in the order families
 * first appear: family.enrolled, practitioner.assigned, member.added per member (each followed by
 * member.school-recorded when the row gives a school_urn, from the day of the import), then
 * consent.recorded for the whole family unless consent is `none`.
 *
 * Family-level values come from the family's first row (parseCohortCsv has already rejected rows
 * that disagree with it). Event ids depend only on family, event type and member, so importing
 * the same file twice yields the same ids and downstream consumers drop the repeats.
 */
export function cohortEventsFromRows(rows: readonly CohortRow[], recordedAt: string): CohortEvent[] {
  const events: CohortEvent[] = [];
  for (const [familyId, members] of groupByFamily(rows)) {
    const first = members[0];
    const envelope = (type: CohortEvent['type'], memberId?: string) => ({
      eventId: cohortEventId(familyId, type, memberId),
      familyId,
      recordedAt,
    });
    events.push({
      type: 'family.enrolled',
      ...envelope('family.enrolled'),
      reference: first.familyReference,
      address: cohortAddress(first),
    });
    events.push({
      type: 'practitioner.assigned',
      ...envelope('practitioner.assigned'),
      practitioner: practitionerOf(first),
    });
    for (const member of members) {
      events.push({
        type: 'member.added',
        ...envelope('member.added', member.memberId),
        memberId: member.memberId,
        details: memberDetailsOf(member),
      });
      const school = memberSchoolOf(member);
      if (school) {
        events.push({ type: 'member.school-recorded', ...envelope('member.school-recorded', member.memberId), memberId: member.memberId, school, from: londonDateOf(new Date(recordedAt)) });
      }
    }
    if (first.consent !== 'none') {
      events.push({
        type: 'consent.recorded',
        ...envelope('consent.recorded'),
        purpose: 'live-risk-sharing',
        basis: first.consent,
        ...(first.consentJustification ? { justification: first.consentJustification } : {}),
      });
    }
  }
  return events;
}

/** `cohort-` and the first 24 hex digits of sha256("familyId|type|memberId"). */
export function cohortEventId(familyId: string, type: CohortEvent['type'], memberId?: string): string {
  const digest = createHash('sha256').update(`${familyId}|${type}|${memberId ?? ''}`).digest('hex');
  return `cohort-${digest.slice(0, 24)}`;
}

function groupByFamily(rows: readonly CohortRow[]): Map<string, CohortRow[]> {
  const families = new Map<string, CohortRow[]>();
  for (const row of rows) {
    const members = families.get(row.familyId);
    if (members) members.push(row);
    else families.set(row.familyId, [row]);
  }
  return families;
}

export function practitionerOf(row: CohortRow): Practitioner {
  return {
    practitionerId: row.leadPractitionerId,
    name: row.leadPractitionerName,
    email: row.leadPractitionerEmail,
    ...(row.leadPractitionerTeam !== undefined && { team: row.leadPractitionerTeam }),
  };
}

/** The family's address as events carry it; absent values are left out rather than undefined. */
export function cohortAddress(row: CohortRow): Address {
  return {
    line1: row.addressLine1,
    ...(row.addressLine2 !== undefined && { line2: row.addressLine2 }),
    ...(row.town !== undefined && { town: row.town }),
    postcode: row.postcode,
    ...(row.uprn !== undefined && { uprn: row.uprn }),
  };
}

export function memberDetailsOf(row: CohortRow): MemberDetails {
  const hasIdentifiers = row.nhsNumber !== undefined || row.pncId !== undefined;
  return {
    givenName: row.givenName,
    familyName: row.familyName,
    ...(row.dateOfBirth !== undefined && { dateOfBirth: row.dateOfBirth }),
    ...(hasIdentifiers && {
      identifiers: {
        ...(row.nhsNumber !== undefined && { nhsNumber: row.nhsNumber }),
        ...(row.pncId !== undefined && { pncId: row.pncId }),
      },
    }),
  };
}

/** The roll as events carry it: a school's URN, or educated at home; undefined when the row names neither. */
export function memberSchoolOf(row: CohortRow): NonNullable<MemberSchool> | undefined {
  if (row.schoolUrn === undefined) return undefined;
  return row.schoolUrn === homeEducated ? { homeEducated: true } : { urn: row.schoolUrn };
}
