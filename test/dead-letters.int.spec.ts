import { Partitioners } from 'kafkajs';
import { catchUp } from '../pipelines/consumers';
import type { DeadLettered } from '../services/contracts';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../services/platform/publish';
import { reconcile } from '../services/matcher/reconcile';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';
import { oneFamilyRows, policeEventFor } from './support/fixtures';

describe('bad input on an agency topic', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('is dead-lettered with its bytes, position and an actionable reason, and the next valid event is still matched', async () => {
    // A plain client, as an agency's own tooling would be: no serializer, no registry.
    const plain = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    const valid = policeEventFor(oneFamilyRows[0], 'ASP-OK-1');
    await plain.send({
      topic: runtime.topics.police,
      messages: [
        { key: 'k', value: Buffer.from('this is not an event \u0001\u0002') },
        { key: 'k', value: JSON.stringify({ type: 'police.incident', eventId: 'ASP-BAD-1', category: 'NOT_A_CODE' }) },
        { key: 'k', value: Buffer.concat([Buffer.from([0, 0x7f, 0, 0, 1]), Buffer.from('{}')]) },
        { key: 'k', value: JSON.stringify(valid) },
      ],
    });
    await plain.disconnect();

    await catchUp(runtime);

    const deadLetters: Array<{ payload: DeadLettered }> = await runtime.db('dead_letters').orderBy('source_offset').select('payload');
    expect(deadLetters.map((row) => [row.payload.source.offset, row.payload.reasonCode])).toEqual([
      ['0', 'NOT_DECODABLE'],
      ['1', 'SCHEMA_INVALID'],
      ['2', 'UNKNOWN_SCHEMA_ID'],
    ]);
    const [garbage, invalid] = deadLetters.map((row) => row.payload);
    expect(Buffer.from(garbage.value ?? '', 'base64').toString()).toBe('this is not an event \u0001\u0002');
    expect(garbage.source.topic).toBe(runtime.topics.police);
    expect(invalid.reason).toMatch(/category: Invalid option/);
    expect(invalid.reason).toMatch(/occurredAt/);

    const matches = await runtime.db('matches').select('family_id', 'payload');
    expect(matches.map((m) => m.family_id)).toEqual([oneFamilyRows[0].familyId]);
    expect(matches[0].payload.event.agencyEventId).toBe('ASP-OK-1');

    const report = await reconcile(runtime);
    const police = report.topics.find((t) => t.topic === runtime.topics.police);
    expect(police).toEqual(expect.objectContaining({ messages: 4, linked: 1, unlinked: 0, deadLettered: 3, pending: 0 }));
    expect(report.reconciled).toBe(true);
  });
});
