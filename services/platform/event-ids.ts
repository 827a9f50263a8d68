import { createHash } from 'node:crypto';
import type { AgencyEvent } from '../contracts';
import { canonicalJson } from '../audit/hash-chain';

/**
 * What a second message with an eventId already accepted means (issue 13, decided for every path in:
 * Kafka and the HTTPS ingest API answer alike). Identical content is a publisher's retry: ignored and
 * counted. Different content is refused: live-risk has no corrections (a known gap, see README), so
 * silently keeping the first would hide that the agency's record changed, and taking the second would
 * rewrite what practitioners were already told.
 *
 * Content is compared by the SHA-256 of the canonical JSON (keys sorted, no whitespace) of the
 * validated event, so key order and JSON formatting do not make a retry look like a change, and only
 * the hash is stored, never the content.
 */
export function eventContentSha256(event: AgencyEvent): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

/** The first accepted message with an eventId. contentSha256 is null for rows recorded before hashes were kept. */
export type FirstAccepted = Readonly<{ topic: string; partition: number; offset: string; contentSha256: string | null }>;

export type EventIdVerdict =
  | Readonly<{ kind: 'new' }>
  | Readonly<{ kind: 'duplicate'; first: FirstAccepted }>
  | Readonly<{ kind: 'reused'; first: FirstAccepted; reasonCode: 'EVENT_ID_REUSED'; reason: string }>;

export function judgeEventId(eventId: string, contentSha256: string, first: FirstAccepted | undefined): EventIdVerdict {
  if (!first) return { kind: 'new' };
  // A row without a hash cannot be compared; it is taken as the same content, as before hashes were kept.
  if (first.contentSha256 === null || first.contentSha256 === contentSha256) return { kind: 'duplicate', first };
  return {
    kind: 'reused',
    first,
    reasonCode: 'EVENT_ID_REUSED',
    reason:
      `eventId ${eventId} was already accepted with different content (${first.topic} partition ${first.partition} offset ${first.offset}); ` +
      'live-risk does not apply corrections (a known gap): a correction must be published as a new event with a new eventId, ' +
      'and the first one stays as it was; re-sending the first content unchanged is a harmless retry',
  };
}
