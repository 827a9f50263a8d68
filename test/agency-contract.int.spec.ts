import { JSON_TYPE, JsonSerializer, SerdeType, type Client, type SchemaInfo } from '../services/platform/schema-registry-library';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { policeIncident, type DeadLettered, type PoliceIncident } from '../services/contracts';
import { jsonSchemaFor, publishedSchema } from '../services/contracts/json-schemas';
import { reconcile } from '../services/matcher/reconcile';
import { publishEvents } from '../services/platform/publish';
import { createRegistryClient, publishedSchemaInfo, subjectFor } from '../services/platform/registry';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, isolatedConfig, openTestRuntime } from './support/test-stack';
import { oneFamilyRows, policeEventFor } from './support/fixtures';

/**
 * What an agency's developer does with our contract, against the real registry and broker: take the
 * schema file from schemas/, let a Confluent serializer find its id (no auto-registration, not "the
 * latest version"), publish, and be matched; and what happens to messages framed with an id that is
 * not one of the police subject's versions this release knows, or that reuse an eventId.
 */

/**
 * The JS client's JsonSerializer derives a schema from the message unless told an id or "latest";
 * confluent-kafka-python's JSONSerializer(schema_str, ...) and Java's take the schema instead. This
 * drives the JS serializer down that same path: its own look-up (POST /subjects/{subject}) with the
 * schema we give it, under `autoRegisterSchemas: false` and `useLatestVersion: false`.
 */
class GivenSchemaSerializer extends JsonSerializer {
  constructor(client: Client, private readonly given: SchemaInfo, normalizeSchemas = false) {
    super(client, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: false, normalizeSchemas });
  }

  override async serialize(topic: string, msg: unknown): Promise<Buffer> {
    const [schemaId] = await this.getSchemaId(JSON_TYPE, topic, msg, this.given);
    return this.serializeSchemaId(topic, Buffer.from(JSON.stringify(msg)), schemaId);
  }
}

const framed = (schemaId: number, document: unknown) => {
  const header = Buffer.from([0, 0, 0, 0, 0]);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, Buffer.from(JSON.stringify(document))]);
};

describe('the police contract as an agency codes against it', () => {
  let runtime: Runtime;
  let subject: string;
  let olderId: number;
  beforeAll(async () => {
    const config = isolatedConfig();
    subject = subjectFor(`${config.topicPrefix}police.incidents.v1`);
    // What the release before issue 13 registered (the schema without the file's title and comment):
    // events written with it are history, and must still be read.
    const client = createRegistryClient(config, 'admin');
    olderId = await client.register(subject, { schemaType: 'JSON', schema: JSON.stringify(jsonSchemaFor(policeIncident)) }, false);
    client.close();
    runtime = await openTestRuntime(config);
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('registers exactly the published file, which a serializer given the file finds without registering anything', async () => {
    const file = readFileSync(join(__dirname, '..', 'schemas', 'police.incidents.v1.schema.json'), 'utf8');
    expect(file).toBe(publishedSchema('police'));
    const registered = await runtime.registry.getLatestSchemaMetadata(subject);
    expect(registered.schema).toBe(file);
    const bytes = await new GivenSchemaSerializer(runtime.registry, { schemaType: 'JSON', schema: file }).serialize(runtime.topics.police, {});
    expect(bytes.readInt32BE(1)).toBe(registered.id);
    // Serializers that send the schema re-serialised (Java, this JS client) find it when they normalise.
    const compact = { schemaType: 'JSON', schema: JSON.stringify(JSON.parse(file)) };
    expect((await new GivenSchemaSerializer(runtime.registry, compact, true).serialize(runtime.topics.police, {})).readInt32BE(1)).toBe(registered.id);
    expect(await runtime.registry.getAllVersions(subject)).toEqual([1, 2]);
  });

  it('matches what is written with the published or an older version, dead-letters other ids with reasons, and tells a retry from a reused eventId', async () => {
    const topic = runtime.topics.police;
    const file = readFileSync(join(__dirname, '..', 'schemas', 'police.incidents.v1.schema.json'), 'utf8');
    const published = new GivenSchemaSerializer(runtime.registry, { schemaType: 'JSON', schema: file });
    const cohortId = await runtime.registry.getId(subjectFor(runtime.topics.cohort), publishedSchemaInfo('cohort'), false);
    // Someone other than `live-risk schemas register` adds an optional field: BACKWARD compatible, so the registry takes it.
    const widened = JSON.parse(file) as { properties: Record<string, unknown> };
    widened.properties.priority = { type: 'string' };
    const administrator = createRegistryClient(runtime.config, 'admin');
    const newerId = await administrator.register(subject, { schemaType: 'JSON', schema: JSON.stringify(widened) }, false);
    administrator.close();

    const old = policeEventFor(oneFamilyRows[0], 'AC-OLD');
    const current = policeEventFor(oneFamilyRows[0], 'AC-NOW');
    const corrected: PoliceIncident = { ...current, summary: 'Corrected: the caller was a neighbour.' };
    const values = [
      framed(olderId, old),
      await published.serialize(topic, current),
      framed(cohortId, policeEventFor(oneFamilyRows[0], 'AC-COHORT-ID')),
      framed(newerId, { ...policeEventFor(oneFamilyRows[0], 'AC-NEWER'), priority: 'high' }),
      // The same event again, as plain JSON with its keys in another order: a retry.
      Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(current).reverse()))),
      await published.serialize(topic, corrected),
    ];
    const producer = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ key: 'AC', value, partition: 0 })) });
    await producer.disconnect();

    await catchUp(runtime);

    const deadLetters: Array<{ payload: DeadLettered }> = await runtime.db('dead_letters').orderBy('source_offset').select('payload');
    expect(deadLetters.map(({ payload }) => [payload.source.offset, payload.reasonCode])).toEqual([
      ['2', 'WRONG_SCHEMA_FOR_TOPIC'],
      ['3', 'SCHEMA_VERSION_UNKNOWN'],
      ['5', 'EVENT_ID_REUSED'],
    ]);
    const [wrongSubject, newerVersion, reused] = deadLetters.map(({ payload }) => payload.reason);
    expect(wrongSubject).toContain(`schema id ${cohortId} belongs to subject ${subjectFor(runtime.topics.cohort)} (version 1)`);
    expect(wrongSubject).toContain(`not to ${subject}, the subject this topic expects`);
    expect(newerVersion).toBe(
      `version 3 of subject ${subject} (schema id ${newerId}) is not one this release registered; ` +
        'upgrade live-risk or register through `live-risk schemas register`',
    );
    expect(reused).toContain(`eventId AC-NOW was already accepted with different content (${topic} partition 0 offset 1)`);

    const matches: Array<{ payload: { event: { agencyEventId: string; summary?: string } } }> = await runtime.db('matches').select('payload');
    expect(matches.map(({ payload }) => payload.event.agencyEventId).sort()).toEqual(['AC-NOW', 'AC-OLD']);
    expect(matches.find(({ payload }) => payload.event.agencyEventId === 'AC-NOW')?.payload.event.summary).toBeUndefined();

    const ledger: Array<{ offset: string; outcome: string; event_id: string | null; content_sha256: string | null }> = await runtime.db('matcher_ledger')
      .where({ topic })
      .orderBy('offset')
      .select('offset', 'outcome', 'event_id', 'content_sha256');
    expect(ledger.map((row) => [row.offset, row.outcome, row.event_id])).toEqual([
      ['0', 'linked', 'AC-OLD'],
      ['1', 'linked', 'AC-NOW'],
      ['2', 'dead-lettered', null],
      ['3', 'dead-lettered', null],
      ['4', 'duplicate', 'AC-NOW'],
      ['5', 'dead-lettered', 'AC-NOW'],
    ]);
    expect(ledger[4].content_sha256).toBe(ledger[1].content_sha256);
    expect(ledger[5].content_sha256).not.toBe(ledger[1].content_sha256);

    const police = (await reconcile(runtime)).topics.find((row) => row.topic === topic);
    expect(police).toEqual(expect.objectContaining({ messages: 6, linked: 2, duplicates: 1, deadLettered: 3, pending: 0, exceeded: 0 }));
  });
});
