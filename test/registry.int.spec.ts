import { JsonDeserializer, JsonSerializer, RestError, SerdeType } from '../services/platform/schema-registry-library';
import { policeIncident } from '../services/contracts';
import { TopicDeserializer, TopicSerializer } from '../services/platform/registry';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';
import { oneFamilyRows, policeEventFor } from './support/fixtures';

/**
 * TopicSerializer and TopicDeserializer skip the registry client's per-message schema look-ups once
 * it has answered for a topic. Against the real registry: the bytes and documents must be exactly
 * what the client's own JsonSerializer and JsonDeserializer give, message after message.
 */
describe('the registry wire format, written and read once the registry has answered', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
  });
  afterAll(async () => disposeRuntime(runtime));
  afterEach(() => jest.restoreAllMocks());

  const events = ['RW-1', 'RW-2', 'RW-3'].map((id, i) => policeEventFor(oneFamilyRows[0], id, `2026-03-2${i + 1}T22:00:00+00:00`));

  it('writes the same bytes as the client serializer, going to the client once per topic', async () => {
    const topic = runtime.topics.police;
    const reference = new JsonSerializer(runtime.registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
    const serialize = jest.spyOn(JsonSerializer.prototype, 'serialize');
    const ours = new TopicSerializer(runtime.registry);
    const written = [];
    for (const event of events) written.push(await ours.serialize(topic, policeIncident, event));
    const callsByOurs = serialize.mock.calls.length;
    for (const [i, event] of events.entries()) {
      expect(written[i].equals(await reference.serialize(topic, policeIncident.parse(event)))).toBe(true);
    }
    expect(callsByOurs).toBe(1);
  });

  it('reads the same documents as the client deserializer, going to the client once per schema id', async () => {
    const topic = runtime.topics.police;
    const values = [];
    for (const event of events) values.push(await runtime.serializer.serialize(topic, policeIncident, event));
    const reference = new JsonDeserializer(runtime.registry, SerdeType.VALUE, {});
    const deserialize = jest.spyOn(JsonDeserializer.prototype, 'deserialize');
    const ours = new TopicDeserializer(runtime.registry, runtime.keys);
    const read = [];
    for (const value of values) read.push(await ours.deserialize(topic, value));
    const callsByOurs = deserialize.mock.calls.length;
    for (const [i, value] of values.entries()) expect(read[i]).toEqual(await reference.deserialize(topic, value));
    expect(read.map((document) => (document as { eventId: string }).eventId)).toEqual(['RW-1', 'RW-2', 'RW-3']);
    expect(callsByOurs).toBe(1);
  });

  it('keeps asking the registry about an id it does not know, and parses a broken document of a known id as the client would', async () => {
    const topic = runtime.topics.police;
    const ours = new TopicDeserializer(runtime.registry, runtime.keys);
    const unknownId = Buffer.concat([Buffer.from([0, 0x7f, 0, 0, 1]), Buffer.from('{}')]);
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(ours.deserialize(topic, unknownId)).rejects.toMatchObject({ status: 404 });
      await expect(ours.deserialize(topic, unknownId)).rejects.toBeInstanceOf(RestError);
    }
    const good = await runtime.serializer.serialize(topic, policeIncident, events[0]);
    await ours.deserialize(topic, good);
    const broken = Buffer.concat([good.subarray(0, 5), Buffer.from('{"eventId": ')]);
    await expect(ours.deserialize(topic, broken)).rejects.toBeInstanceOf(SyntaxError);
    await expect(new JsonDeserializer(runtime.registry, SerdeType.VALUE, {}).deserialize(topic, broken)).rejects.toBeInstanceOf(SyntaxError);
  });
});
