import type { z } from 'zod';
import { agencies, agencyEventSchemas, agencyTopicIds, type Agency, type AgencyEvent, type TopicId } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { eventContentSha256 } from '../platform/event-ids';

/**
 * The pure half of ingest (content is hashed as the matcher does, services/platform/event-ids.ts, so
 * "the same event" means the same thing on every path in): which topic an agency publishes to, whose an event's `type` is, and what
 * is wrong with an event, field by field. Everything is derived from the contracts, so a new agency
 * (its code list, schema and topic) is accepted here without a change.
 */

/** One field's problem: an RFC 6901 JSON pointer into the request body and what is wrong there. */
export type FieldError = Readonly<{ pointer: string; detail: string }>;

export type CheckedEvent =
  | Readonly<{ valid: true; event: AgencyEvent; eventId: string; contentSha256: string }>
  | Readonly<{ valid: false; eventId: string | undefined; errors: readonly FieldError[] }>;

/** The topic an agency's events go to: its own agency topic, named like the agency. */
export function topicOfAgency(agency: Agency): TopicId {
  const topic = (agencyTopicIds as readonly TopicId[]).find((id) => id === agency);
  if (!topic) throw new LiveRiskError('INTERNAL', `agency ${agency} has no agency topic in services/contracts/topics.ts`);
  return topic;
}

/** The `type` tag of an agency's events, read from its schema (e.g. police → "police.incident"). */
export function eventTypeOf(agency: Agency): string {
  const schema = agencyEventSchemas[agency] as unknown as z.ZodObject<{ type: z.ZodLiteral<string> }>;
  return [...schema.shape.type.values][0];
}

/** The agency whose events carry this `type`, if any. */
export function agencyOfType(type: unknown): Agency | undefined {
  return agencies.find((agency) => eventTypeOf(agency) === type);
}

/** `/people/0/givenName`: a JSON pointer (RFC 6901, `~` and `/` escaped) from a path. */
export function jsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => '/' + String(part).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Validates one event against the agency's contract. `at` is where the event sits in the request
 * body ([] for a single event, [3] for the fourth of a batch), so pointers point into what was sent.
 */
export function checkEvent(agency: Agency, raw: unknown, at: ReadonlyArray<PropertyKey> = []): CheckedEvent {
  const rawId = typeof raw === 'object' && raw !== null ? (raw as { eventId?: unknown }).eventId : undefined;
  const eventId = typeof rawId === 'string' && rawId.length <= 200 ? rawId : undefined;
  const parsed = (agencyEventSchemas[agency] as z.ZodType).safeParse(raw);
  if (!parsed.success) {
    return {
      valid: false,
      eventId,
      errors: parsed.error.issues.map((issue) => ({
        // An unknown key is reported at the key itself, which is where an agency looks for it.
        pointer: jsonPointer([...at, ...issue.path, ...(issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? issue.keys : [])]),
        detail: issue.code === 'unrecognized_keys' ? `${issue.message}: not part of the ${eventTypeOf(agency)} contract` : issue.message,
      })),
    };
  }
  const event = parsed.data as AgencyEvent;
  return { valid: true, event, eventId: event.eventId, contentSha256: eventContentSha256(event) };
}
