import { z } from 'zod';
import { instant } from './dates';
import { ruleReference } from './derived-events';
import { identifier } from './primitives';
import { text } from './text';

/**
 * urgent-alerts.v1: what cannot wait for the morning digest (services/urgent). An alert is raised
 * once per match and urgent rule, routed to the family's lead practitioner, or inside the quiet
 * hours to the duty team; it is acknowledged by whoever acts on it, and escalates once if nobody
 * does in time. The events carry ids, never what happened or to whom: the portal shows that, after
 * signing in and through the sharing policy, from the match the alert points at.
 */
export const urgentRecipients = ['lead-practitioner', 'duty-team'] as const;
export type UrgentRecipient = (typeof urgentRecipients)[number];
export const escalationRecipients = ['team-manager', 'duty-manager'] as const;
export type EscalationRecipient = (typeof escalationRecipients)[number];

export const urgentRaised = z
  .object({
    type: z.literal('urgent.raised'),
    alertId: identifier.describe('deterministic from the match and the rule, so a restart or replay raises it once'),
    matchId: identifier,
    familyId: identifier,
    rule: ruleReference.describe('the urgent rule met'),
    says: text().describe("the rule's words, e.g. a child reported missing"),
    routedTo: z.enum(urgentRecipients),
    practitionerId: identifier.optional().describe('the lead practitioner when routed to them (or for the record, when the duty team has it)'),
    quietHours: z.boolean().describe('raised inside the quiet hours, so the duty team has it'),
    raisedAt: instant,
  })
  .strict();

export const urgentAcknowledged = z
  .object({
    type: z.literal('urgent.acknowledged'),
    alertId: identifier,
    familyId: identifier,
    acknowledgedBy: text({ min: 1, max: 200 }).describe('who: a practitioner id from the portal, or the name given to `live-risk urgent ack --by`'),
    acknowledgedAt: instant,
  })
  .strict();

export const urgentEscalated = z
  .object({
    type: z.literal('urgent.escalated'),
    alertId: identifier,
    familyId: identifier,
    escalatedTo: z.enum(escalationRecipients),
    afterMinutes: z.number().int().min(1).describe('the configured limit it went past unacknowledged'),
    escalatedAt: instant,
  })
  .strict();

export const urgentAlertEvent = z.discriminatedUnion('type', [urgentRaised, urgentAcknowledged, urgentEscalated]);
export type UrgentRaised = Readonly<z.infer<typeof urgentRaised>>;
export type UrgentAcknowledged = Readonly<z.infer<typeof urgentAcknowledged>>;
export type UrgentEscalated = Readonly<z.infer<typeof urgentEscalated>>;
export type UrgentAlertEvent = Readonly<z.infer<typeof urgentAlertEvent>>;
