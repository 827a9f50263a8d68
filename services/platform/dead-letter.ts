import { createHash } from 'node:crypto';
import { deadLetterKeptBytes, type DeadLetterReason, type DeadLettered } from '../contracts';
import { stableId } from './ids';
import type { ConsumedMessage } from './offset-consumer';
import type { OutboxMessage } from './outbox';
import { escapeUnsafe, loneSurrogate } from './visible-escapes';

/**
 * A dead letter must always be storable and publishable, whatever arrived: it goes through the
 * jsonb outbox and onto dead-letter.v1, and a dead letter that fails there stops the consumer that
 * made it, for good. So its reason is written without control characters or lone surrogates (a
 * JSON.parse error quotes the bytes it choked on) and bounded, and of a big original it keeps the
 * first 64 KiB with the whole one's length and SHA-256 (see deadLetterKeptBytes).
 */
export const reasonMaxLength = 2000;

const unstorable = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f]|${loneSurrogate}`, 'g');
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** One line of at most maxLength characters that PostgreSQL can store, controls written as `\u0000`. */
export function storableReason(reason: string, maxLength = reasonMaxLength): string {
  const escaped = escapeUnsafe(reason, unstorable);
  if (escaped.length <= maxLength) return escaped;
  let cut = maxLength - 40;
  // Never end inside an escape such as \u0000, or between the halves of a surrogate pair.
  const escapeStart = escaped.lastIndexOf('\\u', cut - 1);
  if (escapeStart > cut - 6) cut = escapeStart;
  if (isHighSurrogate(escaped.charCodeAt(cut - 1))) cut--;
  return `${escaped.slice(0, cut)}… (${escaped.length - cut} more characters cut)`;
}

type Kept = Readonly<{ base64: string; bytes: number; sha256: string; cut: boolean }>;

function kept(bytes: Buffer | null): Kept | null {
  if (!bytes) return null;
  return {
    base64: bytes.subarray(0, deadLetterKeptBytes).toString('base64'),
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    cut: bytes.length > deadLetterKeptBytes,
  };
}

const cutNote = (part: 'key' | 'value', original: Kept) =>
  `; the ${part} was ${original.bytes} bytes, so only its first ${deadLetterKeptBytes} are kept here, with the length and SHA-256 of the whole`;

/** The dead-letter record for a rejected message: its original bytes (up to a bound), where it was, and why. */
export function deadLetterFor(
  message: ConsumedMessage,
  rejection: { reasonCode: DeadLetterReason; reason: string },
  deadLetteredAt: string,
): DeadLettered {
  const key = kept(message.key);
  const value = kept(message.value);
  const notes = [key?.cut ? cutNote('key', key) : '', value?.cut ? cutNote('value', value) : ''].join('');
  return {
    type: 'dead-letter',
    deadLetterId: stableId('dl', message.topic, message.partition, message.offset),
    source: { topic: message.topic, partition: message.partition, offset: message.offset },
    key: key ? key.base64 : null,
    value: value ? value.base64 : null,
    ...(key ? { keyBytes: key.bytes, keySha256: key.sha256 } : {}),
    ...(value ? { valueBytes: value.bytes, valueSha256: value.sha256 } : {}),
    reasonCode: rejection.reasonCode,
    reason: storableReason(rejection.reason, reasonMaxLength - notes.length) + notes,
    deadLetteredAt,
  };
}

export function deadLetterOutboxMessage(deadLetterTopic: string, record: DeadLettered): OutboxMessage {
  return { topic: deadLetterTopic, key: record.source.topic, payload: record };
}
