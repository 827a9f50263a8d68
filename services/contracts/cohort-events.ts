import { z } from 'zod';
import { calendarDate, instant } from './dates';
import { address, identifier, personIdentifiers, schoolUrn } from './primitives';
import { narrative, text } from './text';

/**
 * The cohort is itself an event stream, keyed by family. Projections of it (families, members,
 * practitioners, consent) can always be rebuilt by replaying cohort.events.v1.
 */
const envelope = {
  eventId: identifier.describe('unique id of this cohort event; replays are idempotent on it'),
  familyId: identifier.describe("the council's id for the family"),
  recordedAt: instant,
};

export const consentPurposes = ['live-risk-sharing'] as const;
export const lawfulBases = ['consent', 'public-task', 'vital-interests'] as const;

export const memberDetails = z
  .object({
    givenName: text({ min: 1, max: 100 }),
    familyName: text({ min: 1, max: 100 }),
    dateOfBirth: calendarDate.optional(),
    identifiers: personIdentifiers.optional(),
  })
  .strict();

export const practitioner = z
  .object({
    practitionerId: identifier,
    name: text({ min: 1, max: 200 }),
    email: z.email(),
    // Optional: events from before teams, and councils whose system does not export them, have none.
    team: text({ min: 1, max: 100 })
      .optional()
      .describe("the team the practitioner works in, as the council's case-management system names it; a team manager oversees their own team's families"),
  })
  .strict();

/**
 * The roll feed: where a member goes to school, from a day on (Operation Encompass tells that school).
 * Home-educated children have none; their council's Encompass team is told instead. `null`: no
 * school is known any more (left the school, moved away); an incident is then reported undeliverable.
 */
export const memberSchool = z
  .union([
    z.object({ urn: schoolUrn }).strict(),
    z.object({ homeEducated: z.literal(true) }).strict(),
  ])
  .nullable();
export type MemberSchool = z.infer<typeof memberSchool>;

export const cohortEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('family.enrolled'), ...envelope, reference: text({ max: 100 }), address }).strict(),
  z.object({ type: z.literal('member.added'), ...envelope, memberId: identifier, details: memberDetails }).strict(),
  z.object({ type: z.literal('member.updated'), ...envelope, memberId: identifier, details: memberDetails }).strict(),
  z.object({ type: z.literal('member.removed'), ...envelope, memberId: identifier }).strict(),
  z.object({ type: z.literal('practitioner.assigned'), ...envelope, practitioner }).strict(),
  z
    .object({
      type: z.literal('consent.recorded'),
      ...envelope,
      memberId: identifier.optional().describe('omitted: the whole family'),
      purpose: z.enum(consentPurposes),
      basis: z.enum(lawfulBases),
      justification: narrative({ min: 1, max: 1000 })
        .optional()
        .describe('why sharing goes ahead without consent; recorded with a vital-interests (safeguarding) or public-task basis'),
    })
    .strict(),
  z
    .object({
      type: z.literal('consent.withdrawn'),
      ...envelope,
      memberId: identifier.optional(),
      purpose: z.enum(consentPurposes),
    })
    .strict(),
  z
    .object({
      type: z.literal('family.moved'),
      ...envelope,
      address,
      movedOn: calendarDate.describe('the day the family started living at the new address'),
    })
    .strict(),
  z.object({ type: z.literal('family.closed'), ...envelope, reason: text({ max: 200 }) }).strict(),
  z
    .object({
      type: z.literal('member.school-recorded'),
      ...envelope,
      memberId: identifier,
      school: memberSchool.describe('{ urn } of the school on roll; { homeEducated: true }; or null when no school is known'),
      from: calendarDate.describe('the first day this is true (the day the child joined the roll, or left it)'),
    })
    .strict(),
  // The family's key was destroyed (crypto-shredding): its earlier events can no longer be opened, and
  // projections drop its rows. Ids only; who decided, why and on what basis is in the audit log.
  z
    .object({
      type: z.literal('family.erased'),
      ...envelope,
      erasureId: identifier.describe('the audit entry that records the decision: its seq, as text'),
    })
    .strict(),
]);
export type CohortEvent = Readonly<z.infer<typeof cohortEvent>>;
export type MemberDetails = z.infer<typeof memberDetails>;
export type Practitioner = z.infer<typeof practitioner>;
