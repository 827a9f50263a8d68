import { z } from 'zod';
import { agencies } from './code-lists';
import { instant } from './dates';
import { identifier } from './primitives';
import { narrative, text } from './text';

/**
 * Children's Wellbeing and Schools Act 2026: safeguarding partners and education bodies must share
 * information relevant to a child's welfare, and may withhold it only where sharing would be more
 * detrimental to the child. A holder (the police force, the council) deciding that for one item is
 * a record like every other decision here: who decided, why, for which recipient paths, and later
 * whether a review upheld or lifted it. Keyed `<agency>:<agencyEventId>`, so a decision and its
 * reviews are read in the order they were made.
 */

/** The ways an item reaches someone: the morning digest, an Operation Encompass school notification, an urgent alert. */
export const sharingPaths = ['digest', 'encompass', 'urgent'] as const;
export type SharingPath = (typeof sharingPaths)[number];

/** The only lawful ground for withholding under the 2026 Act's duty to share. */
export const withholdingBasis = 'more-detrimental-to-child' as const;

const person = z
  .object({
    name: text({ min: 1, max: 200 }).describe('who decided, as they sign'),
    organisation: text({ min: 1, max: 200 }).describe('the holder they decided for, e.g. the police force or the council'),
  })
  .strict();

export const sharingWithheld = z
  .object({
    type: z.literal('sharing.withheld'),
    decisionId: identifier.describe('deterministic from the item, child, decider and time, so publishing twice is one decision'),
    agency: z.enum(agencies).describe('the agency whose event the item is'),
    agencyEventId: identifier.describe("the agency's own event id: a holder can decide at source, before the event is matched"),
    familyId: identifier.optional().describe('the cohort family, when known; the decision then applies to that family only'),
    memberId: identifier.optional().describe('the child the detriment is to, when known; the decision then applies to disclosures about that child'),
    paths: z.array(z.enum(sharingPaths)).min(1).describe('the recipient paths it is withheld from'),
    basis: z.literal(withholdingBasis).describe('the statutory test: sharing would be more detrimental to the child than withholding'),
    reason: narrative({ min: 1, max: 2000 }).describe("why, in the decision-maker's words"),
    decidedBy: person,
    decidedAt: instant,
  })
  .strict();
export type SharingWithheld = Readonly<z.infer<typeof sharingWithheld>>;

export const reviewOutcomes = ['upheld', 'lifted'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

export const sharingDecisionReviewed = z
  .object({
    type: z.literal('sharing.decision-reviewed'),
    reviewId: identifier.describe('deterministic from the decision, reviewer and time'),
    decisionId: identifier,
    /** Repeated from the decision so the message key (and partition) is the decision's own. */
    agency: z.enum(agencies),
    agencyEventId: identifier,
    outcome: z.enum(reviewOutcomes).describe('upheld: still withheld; lifted: shared from now on'),
    reason: narrative({ min: 1, max: 2000 }),
    reviewedBy: person.partial({ organisation: true }).describe('who reviewed it; their organisation when given'),
    reviewedAt: instant,
  })
  .strict();
export type SharingDecisionReviewed = Readonly<z.infer<typeof sharingDecisionReviewed>>;

/** Every event on sharing-decisions.v1. */
export const sharingDecisionEvent = z.discriminatedUnion('type', [sharingWithheld, sharingDecisionReviewed]);
export type SharingDecisionEvent = Readonly<z.infer<typeof sharingDecisionEvent>>;

export const sharingDecisionKey = (event: Pick<SharingDecisionEvent, 'agency' | 'agencyEventId'>): string => `${event.agency}:${event.agencyEventId}`;
