import { z } from 'zod';
import { personRoles } from './agency-events';
import { calendarDate, instant } from './dates';
import { identifier, schoolUrn } from './primitives';
import { narrative, text } from './text';

/**
 * Operation Encompass (s.49A Domestic Abuse Act 2021): when police believe a child may be a victim of
 * domestic abuse, the child's school is told before the start of the next school day; a
 * home-educated child's council Encompass team instead. encompass-notifications.v1 records each
 * child and police event decided: told (with exactly the force's field set), stopped by a recorded
 * decision to withhold, or undeliverable (no school known); and the school's acknowledgement.
 */

/**
 * The parts of an Encompass notification a force may send. Forces choose theirs (the sharing policy
 * holds each force's set): Avon and Wessex send all; Lincolnshire omits who was involved, where and
 * what happened.
 */
export const encompassFields = ['child', 'policeReference', 'when', 'where', 'involvement', 'circumstances'] as const;
export type EncompassField = (typeof encompassFields)[number];

/** What leaves for the school: only the fields of the force's set are present. */
export const encompassContent = z
  .object({
    child: z
      .object({ givenName: text({ min: 1, max: 100 }), familyName: text({ min: 1, max: 100 }), dateOfBirth: calendarDate })
      .strict()
      .optional()
      .describe("field 'child': the child's name and date of birth"),
    policeReference: identifier.optional().describe("field 'policeReference': the force's incident reference"),
    occurredAt: instant.optional().describe("field 'when': when the incident happened"),
    postcodeDistrict: text().optional().describe("field 'where': the outward code of the incident's address (the area, not the address)"),
    involvement: z.enum(personRoles).optional().describe("field 'involvement': how the child figures in the police record (named in it: present or involved)"),
    circumstances: narrative().optional().describe("field 'circumstances': the force's account of what happened"),
  })
  .strict();
export type EncompassContent = Readonly<z.infer<typeof encompassContent>>;

/** Who is told: the school on the child's roll, or for a home-educated child the council's team. */
export const encompassRecipient = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('school'), urn: schoolUrn, name: text({ min: 1, max: 200 }) }).strict(),
  z.object({ kind: z.literal('council-team'), name: text({ min: 1, max: 200 }) }).strict(),
]);
export type EncompassRecipient = Readonly<z.infer<typeof encompassRecipient>>;

export const encompassUndeliverableReasons = ['no-school-known', 'school-not-in-register'] as const;

/** Every decision names the child and police event it is about, and the deadline it had. */
const decided = {
  notificationId: identifier.describe('deterministic from the police event and the child: one decision per child per incident'),
  matchId: identifier.describe('the match that linked the police event to the family'),
  familyId: identifier,
  memberId: identifier.describe('the child'),
  agencyEventId: identifier,
  force: text({ min: 1, max: 200 }).describe("the police force (the event's publishing organisation)"),
  occurredAt: instant,
  receivedAt: instant.describe("when the force's event reached us (its log timestamp)"),
  deadline: instant.describe('the start of the next school day after the incident (the recipient’s school calendar)'),
};

export const encompassEvent = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('encompass.notified'),
      ...decided,
      recipient: encompassRecipient,
      fieldSet: z.array(z.enum(encompassFields)).describe("the force's Encompass field set in force when it was sent"),
      content: encompassContent,
      policyVersion: text({ min: 1, max: 50 }).describe('the sharing policy the field set came from'),
      sentAt: instant.describe('when the notification was made available to the recipient and its email queued'),
      lateFromAgency: z.boolean().describe("the force's event reached us after the deadline had passed"),
    })
    .strict(),
  z
    .object({
      type: z.literal('encompass.withheld'),
      ...decided,
      recipient: encompassRecipient,
      decisionId: identifier.describe('the recorded decision that sharing would be more detrimental to the child'),
      withheldAt: instant,
    })
    .strict(),
  z
    .object({
      type: z.literal('encompass.undeliverable'),
      ...decided,
      reasonCode: z.enum(encompassUndeliverableReasons),
      recordedAt: instant,
    })
    .strict(),
  z
    .object({
      type: z.literal('encompass.acknowledged'),
      notificationId: identifier,
      acknowledgedBy: identifier.describe('the portal account that acknowledged it (a DSL or the council team)'),
      acknowledgedAt: instant,
    })
    .strict(),
]);
export type EncompassEvent = Readonly<z.infer<typeof encompassEvent>>;
export type EncompassNotified = Extract<EncompassEvent, { type: 'encompass.notified' }>;
