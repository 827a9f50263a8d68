import { isValidNhsNumber } from '../cohort/nhs-number';
import type { AgencyEvent, InvolvedPerson } from '../contracts';
import { addressKey, nameKey } from './normalise';

/**
 * Deterministic linkage (rule set `deterministic-v1`): a person links to a cohort member on a valid
 * matching NHS number, a matching PNC ID, or exact name and date of birth; two different NHS numbers
 * veto the pair. An event at a family's address (same UPRN, or same first line and postcode) links to
 * the household. Precision first: anything weaker does not link (probabilistic linkage replaces this).
 */
export const matcherVersion = 'deterministic-v1';

export type CandidateMember = Readonly<{
  memberId: string;
  familyId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  pncId: string | null;
}>;

export type CandidateFamily = Readonly<{
  familyId: string;
  uprn: string | null;
  addressKey: string;
}>;

/** Cohort records that could match this event, fetched by the adapter using the same keys. */
export type Candidates = Readonly<{ members: readonly CandidateMember[]; families: readonly CandidateFamily[] }>;

export type MemberLink = Readonly<{ memberId: string; givenName: string; role: string; reasons: string[] }>;
export type FamilyLink = Readonly<{
  familyId: string;
  members: readonly MemberLink[];
  householdReason?: string;
  explanation: string;
}>;

/** The lookup keys the adapter uses to fetch candidates; the rules below use the same ones. */
export function lookupKeys(event: AgencyEvent) {
  return {
    nhsNumbers: event.people.map((p) => p.identifiers?.nhsNumber).filter((v): v is string => !!v && isValidNhsNumber(v)),
    pncIds: event.people.map((p) => p.identifiers?.pncId).filter((v): v is string => !!v),
    nameAndBirth: event.people
      .filter((p) => p.dateOfBirth)
      .map((p) => ({ nameKey: nameKey(p.familyName, p.givenName), dateOfBirth: p.dateOfBirth as string })),
    uprn: event.address.uprn ?? null,
    addressKey: addressKey(event.address.line1, event.address.postcode),
  };
}

function personReasons(person: InvolvedPerson, member: CandidateMember): string[] {
  const eventNhs = person.identifiers?.nhsNumber;
  const eventPnc = person.identifiers?.pncId;
  const validEventNhs = eventNhs && isValidNhsNumber(eventNhs) ? eventNhs : undefined;
  if (validEventNhs && member.nhsNumber && validEventNhs !== member.nhsNumber) return []; // veto
  const reasons: string[] = [];
  if (validEventNhs && validEventNhs === member.nhsNumber) reasons.push('same NHS number');
  if (eventPnc && eventPnc === member.pncId) reasons.push('same PNC ID');
  if (
    person.dateOfBirth &&
    person.dateOfBirth === member.dateOfBirth &&
    nameKey(person.familyName, person.givenName) === nameKey(member.familyName, member.givenName)
  ) {
    reasons.push('name and date of birth agree');
  }
  return reasons;
}

function householdReason(event: AgencyEvent, family: CandidateFamily): string | undefined {
  if (event.address.uprn && family.uprn && event.address.uprn === family.uprn) {
    return "at the family's address (same UPRN)";
  }
  if (addressKey(event.address.line1, event.address.postcode) === family.addressKey) {
    return "at the family's address (same street address and postcode)";
  }
  return undefined;
}

function explain(members: readonly MemberLink[], household: string | undefined): string {
  const parts = members.map((m) => `${m.role} ${m.givenName}: ${m.reasons.join(', ')}`);
  if (household) parts.push(`event ${household}`);
  return parts.join('; ');
}

/** Decides which cohort families an event links to, and why. Pure: same input, same answer. */
export function decideLinks(event: AgencyEvent, candidates: Candidates): FamilyLink[] {
  const byFamily = new Map<string, { members: MemberLink[]; household?: string }>();
  const entry = (familyId: string) => {
    let found = byFamily.get(familyId);
    if (!found) byFamily.set(familyId, (found = { members: [] }));
    return found;
  };
  for (const person of event.people) {
    for (const member of candidates.members) {
      const reasons = personReasons(person, member);
      if (reasons.length === 0) continue;
      const links = entry(member.familyId).members;
      if (!links.some((link) => link.memberId === member.memberId && link.role === person.role)) {
        links.push({ memberId: member.memberId, givenName: member.givenName, role: person.role, reasons });
      }
    }
  }
  for (const family of candidates.families) {
    const reason = householdReason(event, family);
    if (reason) entry(family.familyId).household = reason;
  }
  return [...byFamily.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([familyId, { members, household }]) => ({
      familyId,
      members,
      ...(household ? { householdReason: household } : {}),
      explanation: explain(members, household),
    }));
}
