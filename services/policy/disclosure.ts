import type { Agency, DigestItem, DisclosureLevel, ItemDisclosure, MatchLinked, RecipientRole, WithheldReason } from '../contracts';
import { consentStanding, type ConsentRecord } from './consent';
import { categoryRuleFor, contactFor, type LawfulBasis, type Policy } from './policy';

/**
 * Every item passes through here before any digest, page, email or log sees it. The policy says
 * how much a role may see of an agency's category and on what lawful basis; consent (as it stood at
 * the cut-off) decides whether a consent-based item may be shared at all. Pure.
 */
export type PolicyContext = Readonly<{
  policy: Policy;
  role: RecipientRole;
  /** The family's consent records as at the cut-off (see consent.ts). */
  consent: readonly ConsentRecord[];
}>;

/** What the decision needs to know of an event: whose agreement, which category, about whom. */
export type DisclosureSubject = Readonly<{ agency: Agency; category: string; organisation: string; memberIds: readonly string[] }>;

export type DisclosureDecision =
  | Readonly<{ share: true; level: DisclosureLevel; basis: LawfulBasis; withoutConsent?: { justification: string }; contact?: string }>
  | Readonly<{ share: false; reason: WithheldReason }>;

export function subjectOf(match: Pick<MatchLinked, 'event' | 'members'>): DisclosureSubject {
  return {
    agency: match.event.agency,
    category: match.event.category,
    organisation: match.event.organisation,
    memberIds: match.members.map((member) => member.memberId),
  };
}

export function decideDisclosure(subject: DisclosureSubject, context: PolicyContext): DisclosureDecision {
  const agreement = categoryRuleFor(context.policy, subject.agency, subject.category);
  const rule = agreement?.roles[context.role];
  // A category the policy does not cover is never shared: the file is checked to cover every code.
  if (!agreement || !rule || rule.level === 'none') return { share: false, reason: 'not-shared-with-role' };
  const shared = {
    share: true as const,
    level: rule.level,
    ...(rule.level === 'existence-only' ? { contact: contactFor(context.policy, subject.agency, subject.organisation) } : {}),
  };
  const standing = consentStanding(context.consent, subject.memberIds);
  switch (rule.basis) {
    case 'public-task':
      return { ...shared, basis: 'public-task' };
    case 'vital-interests': {
      if (standing.inForce && standing.basis === 'consent' && !standing.withoutConsent) return { ...shared, basis: 'vital-interests' };
      // Without the family's consent this is safeguarding sharing: the family's own recorded
      // justification if there is one, else the justification the agreement states for the category.
      const justification = (standing.inForce ? standing.withoutConsent?.justification : undefined) ?? agreement.justification ?? 'vital interests';
      return { ...shared, basis: 'vital-interests', withoutConsent: { justification } };
    }
    case 'consent':
      if (!standing.inForce) return { share: false, reason: standing.reason };
      return { ...shared, basis: standing.basis, ...(standing.withoutConsent ? { withoutConsent: standing.withoutConsent } : {}) };
  }
}

/** Why the item was linked, without names or roles: the matching evidence only. */
function whyMatchedWithoutDetail(match: Pick<MatchLinked, 'members' | 'householdReason'>): string {
  const people = match.members.map((member) => `a family member: ${member.reasons.join(', ')}`);
  const household = match.householdReason ? [`event ${match.householdReason}`] : [];
  return [...people, ...household].join('; ') || 'linked to this family';
}

export type AppliedPolicy = Readonly<{ disclosed: DigestItem }> | Readonly<{ withheld: WithheldReason }>;

/**
 * The item as the recipient may see it:
 * - full: unchanged;
 * - summary: category, dates and area, rated as usual; no narrative, and why it was linked without
 *   the names or roles of the people in the event (those are the agency's narrative);
 * - existence-only: that the agency recorded something about the family and whom to ask there; no
 *   category, date, area or rating, since the level and rule would name the category;
 * - none, or consent not in force: withheld, with only the reason kept for counting.
 */
export function applyPolicy(item: DigestItem, context: PolicyContext & { match: Pick<MatchLinked, 'event' | 'members' | 'householdReason'> }): AppliedPolicy {
  const decision = decideDisclosure(subjectOf(context.match), context);
  if (!decision.share) return { withheld: decision.reason };
  const disclosure: ItemDisclosure = {
    level: decision.level,
    basis: decision.basis,
    ...(decision.withoutConsent ? { withoutConsent: decision.withoutConsent } : {}),
    ...(decision.contact ? { contact: decision.contact } : {}),
  };
  switch (decision.level) {
    case 'full':
      return { disclosed: { ...item, disclosure } };
    case 'summary': {
      const rest: DigestItem = { ...item };
      delete (rest as { summary?: string }).summary;
      return { disclosed: { ...rest, whyMatched: whyMatchedWithoutDetail(context.match), disclosure } };
    }
    case 'existence-only':
      return {
        disclosed: {
          matchId: item.matchId,
          familyId: item.familyId,
          familyReference: item.familyReference,
          riskLevel: 'information',
          rule: { id: 'policy.existence-only', version: context.policy.version },
          ratedBecause: `The sharing agreement lets you know only that ${item.organisation} recorded something about this family; contact them for details`,
          timing: item.timing,
          agency: item.agency,
          organisation: item.organisation,
          disclosure,
        },
      };
  }
}
