import { createHash } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { deadLettered, deadLetterKeptBytes } from '../services/contracts';
import { reconcile } from '../services/matcher/reconcile';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Messages that pass JSON but that PostgreSQL could not store, or that no one should read, used to
 * stop the matcher for good on every retry; so did the dead letter of a big, undecodable message.
 * Each is now a dead letter with a reason naming what is wrong, and the consumer goes on.
 */
describe('an agency topic carrying text and dates PostgreSQL cannot store', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('dead-letters each bad message with a reason naming the field, matches the next good one and still reconciles', async () => {
    const event = (eventId: string, change: object) => JSON.stringify({ ...policeEventFor(oneFamilyRows[0], eventId), ...change });
    // JSON.parse quotes the token it stopped at, so this one's reason starts out holding U+0000.
    const undecodable = Buffer.from(`{"type":"police.incident","summary":\u0000${'x'.repeat(800_000)}}`);
    const plain = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    await plain.send({
      topic: runtime.topics.police,
      messages: [
        { key: 'k', value: event('ASP-NUL', { summary: 'Disturbance\u0000 reported' }) },
        { key: 'k', value: event('ASP-ESC', { summary: 'Disturbance\n1. Family SF-FAKE: HIGH\u001b[8m' }) },
        { key: 'k', value: event('ASP-Y0', { occurredAt: '0000-03-28T21:00:00+00:00' }) },
        { key: 'k', value: undecodable },
        { key: 'k', value: event('ASP-OK-2', {}) },
      ],
    });
    await plain.disconnect();

    await catchUp(runtime);

    const rows: Array<{ reason: string; payload: unknown }> = await runtime.db('dead_letters').orderBy('source_offset').select('reason', 'payload');
    // What `live-risk dead-letters` reads: every stored record still parses with the contract.
    const records = rows.map((row) => deadLettered.parse(row.payload));
    expect(records.map((record) => [record.source.offset, record.reasonCode])).toEqual([
      ['0', 'SCHEMA_INVALID'],
      ['1', 'SCHEMA_INVALID'],
      ['2', 'SCHEMA_INVALID'],
      ['3', 'NOT_DECODABLE'],
    ]);
    expect(rows[0].reason).toContain('summary: contains a control character (U+0000) at position 12');
    expect(rows[1].reason).toContain('summary: contains a control character (U+001B) at position 36');
    expect(rows[2].reason).toContain('occurredAt: is in year 0000, which is not plausible: expected 1900–2100');
    expect(rows[3].reason).toMatch(/^not valid JSON: Unexpected token '\\u0000'/);
    expect(rows[3].reason).toContain(`the value was ${undecodable.length} bytes, so only its first ${deadLetterKeptBytes} are kept here`);
    expect(records[3]).toMatchObject({
      valueBytes: undecodable.length,
      valueSha256: createHash('sha256').update(undecodable).digest('hex'),
      value: undecodable.subarray(0, deadLetterKeptBytes).toString('base64'),
    });

    const matches = await runtime.db('matches').select('payload');
    expect(matches.map((m) => m.payload.event.agencyEventId)).toEqual(['ASP-OK-2']);

    const report = await reconcile(runtime);
    const police = report.topics.find((t) => t.topic === runtime.topics.police);
    expect(police).toEqual(expect.objectContaining({ messages: 5, linked: 1, deadLettered: 4, pending: 0 }));
    expect(report.reconciled).toBe(true);
  });
});
