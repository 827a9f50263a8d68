import { z } from 'zod';
import { agencies, riskLevels } from './code-lists';
import { lawfulBases } from './cohort-events';
import { calendarDate, instant } from './dates';
import { identifier } from './primitives';
import { narrative, text } from './text';

/**
 * Why a match is in the stream: `live` when the matcher linked a newly arrived event; `history` when
 * re-matching (a person joined the cohort or their details changed) linked an older event. History
 * is background for the practitioner, never a new live risk.
 */
export const matchContexts = ['live', 'history'] as const;

/** Where a message came from on Kafka: enough to find the original again. */
export const sourcePosition = z
  .object({ topic: text(), partition: z.number().int().min(0), offset: z.string().regex(/^\d+$/) })
  .strict();

/** One comparison's share of a match score, in log2 Bayes-factor units (the prior is one of them). */
export const contribution = z.object({ comparison: text(), level: text(), weight: z.number() }).strict();

/** What an agency event said, as carried by matches and reviews: enough for a digest, no more. */
export const linkedEventSummary = z
  .object({
    agency: z.enum(agencies),
    organisation: text(),
    agencyEventId: identifier,
    category: text(),
    occurredAt: instant,
    reportedAt: instant,
    summary: narrative().optional(),
    postcodeDistrict: text().describe('outward code only, e.g. BA2: the area, not the address'),
  })
  .strict();

/** One link from an agency event to a cohort family, with the reasons a person can read. */
export const matchLinked = z
  .object({
    type: z.literal('match.linked'),
    matchId: identifier.describe('deterministic: the same event and family always give the same id'),
    familyId: identifier,
    source: sourcePosition,
    event: linkedEventSummary,
    members: z
      .array(
        z
          .object({
            memberId: identifier,
            role: text(),
            reasons: z.array(text()).describe('why, in plain words'),
            // Optional only because links from before fellegi-sunter-v1 (deterministic-v1) had no
            // scores; every link the matcher makes now carries both.
            score: z.number().optional().describe('log2 posterior odds that they are the same person (absent before fellegi-sunter-v1)'),
            contributions: z.array(contribution).optional().describe('what each comparison added; they sum exactly to the score'),
          })
          .strict(),
      )
      .describe('cohort members named in the event; empty when linked by address only'),
    householdReason: text().optional().describe('set when the event was linked by the family address'),
    explanation: text().describe('why it matched, in plain words'),
    matcher: text().describe('the model that decided, e.g. fellegi-sunter-v1, or review when a person confirmed it'),
    context: z.enum(matchContexts),
    receivedAt: instant.describe("when the agency's message reached Kafka (its log timestamp); digest cut-offs compare this"),
    matchedAt: instant,
  })
  .strict();
export type MatchLinked = Readonly<z.infer<typeof matchLinked>>;

/**
 * When an item reached this digest: `new` if reported inside the digest's window; `late` if
 * reported before the window opened but it reached us after the previous digest was cut; `history`
 * if an older event was linked by re-matching (shown as background, not as a new risk).
 */
export const itemTimings = ['new', 'late', 'history'] as const;

export const ruleReference = z
  .object({ id: text({ min: 1 }), version: text({ min: 1 }).describe('the rule-set version in force') })
  .strict();

/**
 * The sharing policy (services/policy) decides, per source agency, category and recipient role, how
 * much of an item a recipient sees and on what lawful basis. `none` never reaches a digest, so it is
 * not a level an item can carry.
 */
export const recipientRoles = ['lead-practitioner', 'covering-practitioner', 'team-manager'] as const;
export type RecipientRole = (typeof recipientRoles)[number];
export const disclosureLevels = ['full', 'summary', 'existence-only'] as const;
export type DisclosureLevel = (typeof disclosureLevels)[number];
/** Why an item was kept out of a digest; a digest carries only how many, never which. */
export const withheldReasons = [
  'not-shared-with-role',
  'consent-withdrawn',
  'no-consent-recorded',
  'safeguarding-without-justification',
  // A holder decided sharing it would be more detrimental to the child (services/sharing-decisions).
  'more-detrimental-to-child',
] as const;
export type WithheldReason = (typeof withheldReasons)[number];
/** Reasons added after digests were first issued: absent from a digest issued before them, which must still parse. */
const laterWithheldReasons = ['more-detrimental-to-child'] as const satisfies readonly WithheldReason[];
type LaterWithheldReason = (typeof laterWithheldReasons)[number];
type WithheldCounts = Record<Exclude<WithheldReason, LaterWithheldReason>, z.ZodNumber> & Record<LaterWithheldReason, z.ZodOptional<z.ZodNumber>>;
const withheldCount = (reason: WithheldReason) =>
  (laterWithheldReasons as readonly WithheldReason[]).includes(reason) ? z.number().int().min(0).optional() : z.number().int().min(0);

export const itemDisclosure = z
  .object({
    level: z.enum(disclosureLevels).describe('full; summary: category, dates and area, no narrative; existence-only: that something happened and whom to ask'),
    basis: z.enum(lawfulBases).describe('the lawful basis this disclosure relied on'),
    withoutConsent: z
      .object({ justification: narrative({ min: 1 }) })
      .strict()
      .optional()
      .describe('set when shared without consent on safeguarding grounds, with the recorded justification'),
    contact: text().optional().describe('existence-only: whom to contact at the source agency'),
  })
  .strict();
export type ItemDisclosure = Readonly<z.infer<typeof itemDisclosure>>;

// What an item says beyond its identity is optional because an existence-only disclosure leaves it
// out; items issued before the sharing policy carry all of it and no `disclosure`.
export const digestItem = z
  .object({
    matchId: identifier,
    familyId: identifier,
    familyReference: text(),
    riskLevel: z.enum(riskLevels),
    rule: ruleReference.describe('the rule that rated this item'),
    ratedBecause: text().describe('the rating in plain words'),
    timing: z.enum(itemTimings),
    agency: z.enum(agencies),
    organisation: text(),
    category: text().optional().describe('absent when only the existence of the item may be shared'),
    categoryLabel: text().optional(),
    occurredAt: instant.optional(),
    reportedAt: instant.optional(),
    area: text().optional(),
    summary: narrative().optional(),
    whyMatched: text().optional(),
    disclosure: itemDisclosure.optional().describe('how much the sharing policy let the recipient see, and on what basis (absent before policy 2026.1)'),
  })
  .strict();
export type DigestItem = Readonly<z.infer<typeof digestItem>>;

/** A rule over a family's recent history that raised its level, e.g. two agencies within 7 days. */
export const widerPictureFinding = z
  .object({ rule: ruleReference, raisesTo: z.enum(riskLevels), text: text().describe('what was seen, in plain words') })
  .strict();
export type WiderPictureFinding = Readonly<z.infer<typeof widerPictureFinding>>;

export const familyDigest = z
  .object({
    familyId: identifier,
    familyReference: text(),
    riskLevel: z.enum(riskLevels).describe("the family's level: its most urgent item, raised by any finding"),
    findings: z.array(widerPictureFinding),
    items: z.array(digestItem).describe('most urgent first'),
  })
  .strict();
export type FamilyDigest = Readonly<z.infer<typeof familyDigest>>;

export const digestIssued = z
  .object({
    type: z.literal('digest.issued'),
    digestId: identifier.describe('deterministic: one per practitioner and date'),
    practitionerId: identifier,
    practitionerName: text(),
    date: calendarDate.describe('the working day in Europe/London the digest is for'),
    window: z.object({ from: instant, to: instant }).strict().describe('events reported in [from, to), plus late ones'),
    cutOff: instant.describe('only events that reached us before this instant are in the digest'),
    ruleSetVersion: text(),
    policyVersion: text().optional().describe('the sharing policy every item passed through (absent before the policy)'),
    recipientRole: z.enum(recipientRoles).optional().describe('the role the policy was applied for'),
    withheld: z
      .object(Object.fromEntries(withheldReasons.map((reason) => [reason, withheldCount(reason)])) as WithheldCounts)
      .strict()
      .optional()
      .describe('how many items the policy kept out of this digest, per reason; never which'),
    generatedAt: instant,
    counts: z
      .object(Object.fromEntries(riskLevels.map((level) => [level, z.number().int().min(0)])) as Record<(typeof riskLevels)[number], z.ZodNumber>)
      .strict()
      .describe('items per level, history excluded'),
    families: z.array(familyDigest).describe('most urgent family first'),
  })
  .strict();
export type DigestIssued = Readonly<z.infer<typeof digestIssued>>;

/**
 * The review queue, as events: the matcher asks when a person in an event is a likely but not
 * certain match for a cohort member; a reviewer confirms or rejects. Replaying reviews.v1 reproduces
 * every decision, and a confirmation becomes a match.linked like any other.
 */
export const reviewRequested = z
  .object({
    type: z.literal('review.requested'),
    reviewId: identifier.describe('deterministic: one per event person and cohort member'),
    source: sourcePosition,
    event: linkedEventSummary,
    person: z
      .object({
        role: text(),
        // Requests from before December 2026 named the person; the agency event at `source` does now,
        // for as long as its topic keeps it, so a stranger's name does not outlive the matching.
        givenName: text().optional().describe('only in requests made before December 2026; read the agency event at source instead'),
        familyName: text().optional().describe('only in requests made before December 2026'),
        dateOfBirth: calendarDate.optional().describe('only in requests made before December 2026'),
      })
      .strict()
      .describe("the person's role in the agency event; who they are is read from the agency event at source, while the agency topic keeps it"),
    candidate: z.object({ memberId: identifier, familyId: identifier }).strict(),
    score: z.number(),
    contributions: z.array(contribution),
    explanation: text(),
    matcher: text(),
    context: z
      .enum(matchContexts)
      .optional()
      .describe('history: found by re-matching an older event, so a confirmation is background, not a new risk'),
    receivedAt: instant,
    requestedAt: instant,
  })
  .strict();

export const reviewDecided = z
  .object({
    type: z.literal('review.decided'),
    reviewId: identifier,
    decision: z.enum(['confirmed', 'rejected']),
    reason: narrative({ max: 1000 }).optional(),
    decidedBy: text({ min: 1, max: 200 }),
    decidedAt: instant,
  })
  .strict();

export const reviewEvent = z.discriminatedUnion('type', [reviewRequested, reviewDecided]);
export type ReviewRequested = Readonly<z.infer<typeof reviewRequested>>;
export type ReviewDecided = Readonly<z.infer<typeof reviewDecided>>;
export type ReviewEvent = Readonly<z.infer<typeof reviewEvent>>;
