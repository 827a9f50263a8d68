import { z } from 'zod';
import { cohortEvent } from './cohort-events';
import { digestIssued, familyDigest, matchLinked, reviewEvent } from './derived-events';
import { encompassEvent } from './encompass-events';
import { sealableOnWire } from './sealed';

/**
 * Which fields are sealed with a family's key, and whose key. Everything a reader needs to route,
 * order and de-duplicate (type, ids, times, the family id) stays in clear; what says who the people
 * are, where they live and what happened to them is sealed.
 *
 * - cohort.events.v1: the family's reference and address, members' details (names, date of birth,
 *   identifiers), and a safeguarding justification (free text, may name people).
 * - matches.v1: what the agency event said, the members linked and why (reasons quote given names),
 *   the household reason and the explanation.
 * - reviews.v1: a review request's event, the person as the agency described them and the
 *   explanation, with the candidate family's key (a decision carries no personal data).
 * - digests.v1: each family's part of a digest (reference, findings, items) with that family's key,
 *   so erasing one family leaves a practitioner's digest of the others readable.
 * - encompass-notifications.v1: what a school was told (the child's name and date of birth, the
 *   police reference, the circumstances), with the child's family's key.
 * Events that name a family and carry nothing personal (acknowledgements, urgent alerts, Encompass
 * decisions without content) seal nothing but still read as erased once the family is.
 */
export const sealedFields = {
  cohort: {
    'family.enrolled': ['reference', 'address'],
    'member.added': ['details'],
    'member.updated': ['details'],
    'family.moved': ['address'],
    'consent.recorded': ['justification'],
  },
  matches: { 'match.linked': ['event', 'members', 'householdReason', 'explanation'] },
  reviews: { 'review.requested': ['event', 'person', 'explanation'] },
  encompass: { 'encompass.notified': ['content'] },
  digestFamily: ['familyReference', 'findings', 'items'],
} as const satisfies {
  cohort: Partial<Record<z.infer<typeof cohortEvent>['type'], readonly string[]>>;
  matches: Record<string, readonly string[]>;
  reviews: Record<string, readonly string[]>;
  encompass: Record<string, readonly string[]>;
  digestFamily: readonly string[];
};

function unionOnWire(variants: readonly z.ZodObject[], fields: Readonly<Record<string, readonly string[]>>): z.ZodType {
  const onWire = variants.map((variant) => {
    const type = (variant.shape.type as z.ZodLiteral<string>).value;
    return sealableOnWire(variant, fields[type] ?? []);
  });
  return z.discriminatedUnion('type', onWire as unknown as [z.ZodObject, ...z.ZodObject[]]);
}

/** The registered (wire) schemas of the topics that carry sealed fields. */
export const cohortEventOnWire = unionOnWire(cohortEvent.options, sealedFields.cohort);
export const matchLinkedOnWire = sealableOnWire(matchLinked, sealedFields.matches['match.linked']);
export const reviewEventOnWire = unionOnWire(reviewEvent.options, sealedFields.reviews);
export const encompassEventOnWire = unionOnWire(encompassEvent.options, sealedFields.encompass);
export const digestIssuedOnWire = digestIssued.extend({ families: z.array(sealableOnWire(familyDigest, sealedFields.digestFamily)).describe('most urgent family first') });
