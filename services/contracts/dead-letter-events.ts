import { z } from 'zod';
import { instant } from './dates';
import { sourcePosition } from './derived-events';
import { identifier } from './primitives';
import { text } from './text';

export const deadLetterReasons = [
  'NOT_DECODABLE',
  'UNKNOWN_SCHEMA_ID',
  /** The schema id is registered, but under another topic's subject (the reason names it). */
  'WRONG_SCHEMA_FOR_TOPIC',
  /** A version of the topic's subject newer than this release's: registered by someone other than `live-risk schemas register`. */
  'SCHEMA_VERSION_UNKNOWN',
  'SCHEMA_INVALID',
  'EMPTY_MESSAGE',
  /** Valid by the contract, but PostgreSQL refused to store what it says (the reason names why). */
  'NOT_STORABLE',
  /**
   * The eventId was accepted before with different content. The same content again is a retry,
   * ignored and counted; live-risk has no corrections (a known gap), so a changed event needs a new eventId.
   */
  'EVENT_ID_REUSED',
] as const;
export type DeadLetterReason = (typeof deadLetterReasons)[number];

/**
 * How much of a rejected message's key and value a dead letter keeps: 64 KiB each, as base64 about
 * 87 KB, so a dead letter stays far below Kafka's 1 MB message limit whatever was sent. Beyond that
 * the record keeps the length and SHA-256 of the whole original, enough to recognise it again at the
 * publisher, and its reason says it was cut.
 */
export const deadLetterKeptBytes = 64 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const byteCount = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

// The byte counts and hashes are optional because dead letters from before they existed have none.
export const deadLettered = z
  .object({
    type: z.literal('dead-letter'),
    deadLetterId: identifier,
    source: sourcePosition,
    key: base64.nullable().describe(`original key, base64; at most its first ${deadLetterKeptBytes} bytes`),
    value: base64.nullable().describe(`original value bytes, base64; at most the first ${deadLetterKeptBytes} of them`),
    keyBytes: byteCount.optional().describe('length of the whole original key in bytes'),
    keySha256: sha256.optional().describe('SHA-256 of the whole original key, hex'),
    valueBytes: byteCount.optional().describe('length of the whole original value in bytes (more than `value` holds when it was cut)'),
    valueSha256: sha256.optional().describe('SHA-256 of the whole original value, hex'),
    reasonCode: z.enum(deadLetterReasons),
    reason: text().describe('what is wrong and what the publisher should do; one line, control characters written as \\u001b-style escapes'),
    deadLetteredAt: instant,
  })
  .strict();
export type DeadLettered = Readonly<z.infer<typeof deadLettered>>;
