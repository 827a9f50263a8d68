import { MockClient } from '@confluentinc/schemaregistry/dist/mock-schemaregistry-client';
import type { z } from 'zod';
import { cohortEventsFromRows } from '../cohort/cohort-events-from-rows';
import { topicDefinitions, topicNames } from '../contracts';
import { generateCouncil } from '../../pipelines/synthetic-council';
import { publishedSchemaInfo, subjectFor, TopicSerializer } from './registry';

describe('serialising a topic’s values in the wire format', () => {
  const topic = topicNames('serializer-test.').cohort;
  const schema = topicDefinitions.cohort.schema as z.ZodType;
  const events = cohortEventsFromRows(generateCouncil({ families: 30, seed: 3 }).rows, '2026-03-01T09:00:00Z');

  it('asks the registry once for a whole chunk serialised at once, and writes each value as header and JSON', async () => {
    const client = new MockClient();
    const id = await client.register(subjectFor(topic), publishedSchemaInfo('cohort'));
    const lookUp = jest.spyOn(client, 'getIdFullResponse');
    await new TopicSerializer(client).serialize(topic, schema, events[0]);
    const forOneValue = lookUp.mock.calls.length;
    lookUp.mockClear();
    const serializer = new TopicSerializer(client);
    const bytes = await Promise.all(events.map((event) => serializer.serialize(topic, schema, event)));
    expect(lookUp.mock.calls.length).toBe(forOneValue);
    expect(bytes).toHaveLength(events.length);
    for (const [i, value] of bytes.entries()) {
      expect([value[0], value.readInt32BE(1)]).toEqual([0, id]);
      expect(JSON.parse(value.toString('utf8', 5))).toEqual(schema.parse(events[i]));
    }
  });

  it('lets the next value try again when the first one failed', async () => {
    const client = new MockClient();
    const serializer = new TopicSerializer(client);
    const [first, second] = await Promise.allSettled(events.slice(0, 2).map((event) => serializer.serialize(topic, schema, event)));
    expect([first.status, second.status]).toEqual(['rejected', 'rejected']); // nothing registered yet
    const id = await client.register(subjectFor(topic), publishedSchemaInfo('cohort'));
    expect((await serializer.serialize(topic, schema, events[0])).readInt32BE(1)).toBe(id);
  });
});
