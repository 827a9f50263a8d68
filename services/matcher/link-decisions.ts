import type { AgencyEvent, InvolvedPerson } from '../contracts';
import { type CohortIndex, type Contribution, type PersonRecord, type ScoredPair } from '../linkage';
import { scoreWithNhsVerification } from './nhs-verification';
import { addressKey } from './normalise';

/**
 * Turns the linkage engine's scored pairs for each person in an event into links to cohort
 * families and requests for review. Pure: the same event, scores and cohort give the same answer.
 *
 * - A person's `link` pair links their family; `review` pairs go to the review queue unless the
 *   family is already linked by this event (nothing more for a reviewer to add).
 * - An event at a family's address (same UPRN, or same normalised first line and postcode) links
 *   the household even when nobody named in it is in the cohort.
 */
export const matcherVersion = 'fellegi-sunter-v1';

export type CohortMember = Readonly<{ memberId: string; familyId: string; givenName: string }>;
export type HouseholdCandidate = Readonly<{ familyId: string; uprn: string | null; addressKey: string }>;

export type MemberLink = Readonly<{ memberId: string; givenName: string; role: string; reasons: string[]; score: number; contributions: Contribution[] }>;
export type FamilyLink = Readonly<{ familyId: string; members: readonly MemberLink[]; householdReason?: string; explanation: string }>;
export type ReviewCandidate = Readonly<{ person: InvolvedPerson; member: CohortMember; pair: ScoredPair }>;
export type PersonScores = Readonly<{ person: InvolvedPerson; pairs: readonly ScoredPair[] }>;

/** The event's view of a person, as the engine reads records (the address is the incident's). */
export function personRecordOf(event: AgencyEvent, person: InvolvedPerson, index: number): PersonRecord {
  return {
    id: `${event.eventId}#${index}`,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth ?? null,
    address: [event.address.line1, event.address.line2].filter(Boolean).join(', '),
    postcode: event.address.postcode,
    uprn: event.address.uprn ?? null,
    nhsNumber: person.identifiers?.nhsNumber ?? null,
    pncId: person.identifiers?.pncId ?? null,
  };
}

/**
 * Scores one person named in an event against the cohort, on who they are, not where the incident
 * was. An incident's address is often not where the people in it live (Tom was detained at the
 * railway station), and a neighbour's door is not evidence of identity either (Amy Harrison at 109
 * Meadow Street is not Amy Morris at 31): location links a household through `householdReason`,
 * never a person.
 */
export function scorePerson(index: CohortIndex, event: AgencyEvent, person: InvolvedPerson, position: number): ScoredPair[] {
  const record = { ...personRecordOf(event, person, position), address: null, postcode: null, uprn: null };
  // How much the NHS number counts depends on whether the agency verified it (nhs-verification.ts).
  return scoreWithNhsVerification(index, record, person.identifiers?.nhsNumberVerificationStatus);
}

export function householdReason(event: AgencyEvent, family: HouseholdCandidate): string | undefined {
  if (event.address.uprn && family.uprn && event.address.uprn === family.uprn) return "at the family's address (same UPRN)";
  if (addressKey(event.address.line1, event.address.postcode) === family.addressKey) {
    return "at the family's address (same street address and postcode)";
  }
  return undefined;
}

export function decideLinks(
  event: AgencyEvent,
  scored: readonly PersonScores[],
  memberOf: (memberId: string) => CohortMember | undefined,
  households: readonly HouseholdCandidate[],
): { links: FamilyLink[]; reviews: ReviewCandidate[] } {
  const byFamily = new Map<string, { members: MemberLink[]; household?: string }>();
  const entry = (familyId: string) => byFamily.get(familyId) ?? byFamily.set(familyId, { members: [] }).get(familyId)!;
  const pendingReviews: ReviewCandidate[] = [];
  for (const { person, pairs } of scored) {
    for (const pair of pairs) {
      const member = memberOf(pair.cohortId);
      if (!member) continue;
      if (pair.decision === 'review') {
        pendingReviews.push({ person, member, pair });
        continue;
      }
      if (pair.decision !== 'link') continue;
      const links = entry(member.familyId).members;
      if (links.some((link) => link.memberId === member.memberId && link.role === person.role)) continue;
      links.push({
        memberId: member.memberId,
        givenName: member.givenName,
        role: person.role,
        reasons: [pair.explanation],
        score: pair.score,
        contributions: [...pair.contributions],
      });
    }
  }
  for (const family of households) {
    const reason = householdReason(event, family);
    if (reason) entry(family.familyId).household = reason;
  }
  const links = [...byFamily.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([familyId, { members, household }]) => ({
      familyId,
      members,
      ...(household ? { householdReason: household } : {}),
      explanation: [...members.map((m) => `${m.role} ${m.givenName}: ${m.reasons.join(', ')}`), ...(household ? [`event ${household}`] : [])].join('; '),
    }));
  const linked = new Set(links.map((link) => link.familyId));
  return { links, reviews: pendingReviews.filter((review) => !linked.has(review.member.familyId)) };
}
