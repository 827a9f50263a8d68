import { createHash } from 'node:crypto';
import { deadLettered, deadLetterKeptBytes, policeIncident } from '../contracts';
import { deadLetterFor, reasonMaxLength, storableReason } from './dead-letter';
import { decodeMessage } from './decode-message';
import type { ConsumedMessage } from './offset-consumer';
import type { TopicDeserializer } from './registry';
import { loneSurrogate } from './visible-escapes';

const kafkaMessageLimit = 1024 * 1024;
const at = '2026-11-21T07:00:00+00:00';
const message = (value: Buffer | null, key: Buffer | null = Buffer.from('ASP-1')): ConsumedMessage => ({
  topic: 'police.incidents.v1', partition: 2, offset: '41', key, value, timestamp: '1795000000000',
});

// What PostgreSQL refuses in text and jsonb: U+0000, and a lone surrogate.
const unstorable = new RegExp(`\\u0000|${loneSurrogate}`);

describe('a dead letter', () => {
  it('of an ~800 KB message of bad JSON holding U+0000 is storable, well under Kafka’s 1 MB, and says it was cut', async () => {
    // JSON.parse's error quotes the bytes around the bad token, U+0000 included.
    const original = Buffer.from(`{"type":"police.incident","summary":\u0000${'x'.repeat(800_000)}}`);
    const rejection = await decodeMessage(original, 'police.incidents.v1', policeIncident, {} as TopicDeserializer);
    if (rejection.ok || rejection.erased) throw new Error('expected a rejection');

    const record = deadLetterFor(message(original), rejection, at);

    expect(deadLettered.safeParse(record).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(record))).toBeLessThan(kafkaMessageLimit / 4);
    expect(Buffer.from(record.value ?? '', 'base64')).toEqual(original.subarray(0, deadLetterKeptBytes));
    expect(record.valueBytes).toBe(original.length);
    expect(record.valueSha256).toBe(createHash('sha256').update(original).digest('hex'));
    expect(record.reason).toMatch(/^not valid JSON: Unexpected token '\\u0000', .*"summary":\\u0000x+"\.\.\. is not valid JSON; /);
    expect(record.reason).toContain(`the value was ${original.length} bytes, so only its first 65536 are kept here, with the length and SHA-256 of the whole`);
    expect(record.reason).not.toMatch(unstorable);
  });

  it('keeps the note that the value was cut when its reason is too long, within the bound', () => {
    const record = deadLetterFor(message(Buffer.alloc(100_000, 'x')), { reasonCode: 'SCHEMA_INVALID', reason: 'y'.repeat(5000) }, at);
    expect(record.reason.length).toBeLessThanOrEqual(reasonMaxLength);
    expect(record.reason).toMatch(/more characters cut\); the value was 100000 bytes, so only its first 65536 are kept here, with the length and SHA-256 of the whole$/);
  });

  it('keeps a small original whole, with its length and hash, and says nothing about cutting', () => {
    const record = deadLetterFor(message(Buffer.from('not an event')), { reasonCode: 'NOT_DECODABLE', reason: 'neither JSON nor wire format' }, at);
    expect(record).toMatchObject({
      key: Buffer.from('ASP-1').toString('base64'), keyBytes: 5,
      value: Buffer.from('not an event').toString('base64'), valueBytes: 12,
      reason: 'neither JSON nor wire format',
    });
    expect(record.keySha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('of a message without key or value has neither, nor their lengths', () => {
    const record = deadLetterFor(message(null, null), { reasonCode: 'EMPTY_MESSAGE', reason: 'the message has no value' }, at);
    expect(record).toMatchObject({ key: null, value: null });
    expect(record).not.toHaveProperty('valueBytes');
    expect(deadLettered.safeParse(record).success).toBe(true);
  });
});

describe('a dead-letter reason', () => {
  it('quoting U+0000, ESC, a line break and a lone surrogate becomes one storable line with visible escapes', () => {
    const reason = storableReason('Unexpected token \'\u0000\', "{\u001b[8m\nx\ud800" is not valid JSON');
    expect(reason).toBe('Unexpected token \'\\u0000\', "{\\u001b[8m\\u000ax\\ud800" is not valid JSON');
    expect(reason).not.toMatch(unstorable);
  });

  it('keeps a surrogate pair (an emoji) as it is', () => {
    expect(storableReason('name 😀')).toBe('name 😀');
  });

  it('is cut to a bound without splitting an escape or a surrogate pair, saying how much was cut', () => {
    for (const filler of ['\u0000', '😀', 'a']) {
      for (let shift = 0; shift < 7; shift++) {
        const reason = storableReason('x'.repeat(shift) + filler.repeat(5000));
        expect(reason.length).toBeLessThanOrEqual(reasonMaxLength);
        expect(reason).toMatch(/… \(\d+ more characters cut\)$/);
        expect(reason).not.toMatch(unstorable);
        expect(reason).not.toMatch(/\\u[0-9a-f]{0,3}…/);
      }
    }
  });
});
