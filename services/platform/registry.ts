import {
  Compatibility,
  JsonDeserializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
  type Client,
} from '@confluentinc/schemaregistry';
import type { z } from 'zod';
import type { Config } from './config';
import { LiveRiskError, describeError } from './errors';
import { jsonSchemaFor } from '../contracts/json-schemas';
import { topicDefinitions, topicIds, type TopicId, type TopicNames } from '../contracts';

/*
 * Values on every live-risk topic use the schema registry wire format:
 *
 *   byte 0      magic byte 0x00
 *   bytes 1-4   schema id, big-endian int32, as assigned by the registry
 *   bytes 5-    the JSON document, UTF-8
 *
 * Subjects follow the topic name strategy: `<topic>-value`.
 */
export const subjectFor = (topic: string) => `${topic}-value`;

export function createRegistryClient(config: Config): Client {
  return new SchemaRegistryClient({ baseURLs: [config.schemaRegistryUrl], cacheCapacity: 1000 });
}

export function registryUnavailable(config: Config, cause: unknown): LiveRiskError {
  // A compatibility refusal is not an outage: retrying cannot help, changing the contract can.
  if (/incompatible/i.test(describeError(cause))) {
    return new LiveRiskError('CONFIG_INVALID', `the schema registry at ${config.schemaRegistryUrl} refused a contract: ${describeError(cause)}`, {
      cause,
      hint: 'the registry holds events of an older, incompatible version of this topic; make the change backward compatible (new fields optional) or publish to a new topic version (e.g. .v2)',
    });
  }
  return new LiveRiskError(
    'REGISTRY_UNAVAILABLE',
    `cannot use the schema registry at ${config.schemaRegistryUrl}: ${describeError(cause)}`,
    { retriable: true, cause, hint: 'run `live-risk stack up`, or set SCHEMA_REGISTRY_URL' },
  );
}

/**
 * Registers the zod-generated JSON Schema of every topic under BACKWARD compatibility, so a new
 * version must still read every event already stored. Registering an unchanged schema is a no-op.
 */
export async function registerSchemas(client: Client, names: TopicNames): Promise<Record<TopicId, number>> {
  const ids = {} as Record<TopicId, number>;
  for (const id of topicIds) {
    const subject = subjectFor(names[id]);
    await client.updateCompatibility(subject, Compatibility.BACKWARD);
    ids[id] = await client.register(subject, {
      schemaType: 'JSON',
      schema: JSON.stringify(jsonSchemaFor(topicDefinitions[id].schema)),
    }, false);
  }
  return ids;
}

/** Serialises validated values in the wire format, using the latest registered schema version. */
export class TopicSerializer {
  private readonly serializer: JsonSerializer;
  constructor(client: Client) {
    this.serializer = new JsonSerializer(client, SerdeType.VALUE, {
      autoRegisterSchemas: false,
      useLatestVersion: true,
    });
  }

  async serialize<S extends z.ZodType>(topic: string, schema: S, value: z.input<S>): Promise<Buffer> {
    const checked = schema.parse(value);
    return this.serializer.serialize(topic, checked);
  }
}

export function createDeserializer(client: Client): JsonDeserializer {
  return new JsonDeserializer(client, SerdeType.VALUE, {});
}
