import {
  Compatibility,
  JsonDeserializer,
  JsonSerializer,
  RestError,
  SchemaRegistryClient,
  SerdeType,
  type Client,
  type SchemaInfo,
} from './schema-registry-library';
import type { z } from 'zod';
import type { Config } from './config';
import { LiveRiskError, describeError } from './errors';
import { publishedSchema } from '../contracts/json-schemas';
import { topicIds, type TopicId, type TopicNames } from '../contracts';
import type { ProcessRole } from './kafka-credentials';
import { registryCredentials, type RegistryRole } from './registry-credentials';
import { SchemaIdCheck, type SchemaIdVerdict } from './schema-ids';
import type { FamilyKeys } from '../sealing/family-keys';
import { sealEvent } from '../sealing/seal';
import { subjectFor, topicIdOf } from './subjects';

export { subjectFor };

/**
 * A client that reads (every process) or, with role 'admin', one that may also register and change
 * compatibility: only `schemas register`, `stack up`, the demo and tests ask for that.
 */
export function createRegistryClient(config: Config, role: RegistryRole = 'reader', process: ProcessRole = 'admin'): Client {
  const credentials = registryCredentials(config, role, process);
  return new SchemaRegistryClient({
    baseURLs: [config.schemaRegistryUrl],
    cacheCapacity: 1000,
    ...(credentials === undefined
      ? {}
      : { basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `${credentials.clientId}:${credentials.clientSecret}` } }),
  });
}

/** Who the registry refused: nobody can fix that by retrying, only with other credentials. */
function refusal(config: Config, cause: RestError): LiveRiskError {
  const who = config.registryClient?.clientId ?? 'the development client';
  if (cause.status === 401) {
    return new LiveRiskError('CONFIG_INVALID', `the schema registry at ${config.schemaRegistryUrl} did not accept the credentials of ${who}`, {
      cause,
      hint: 'check REGISTRY_CLIENT_ID and the secret in REGISTRY_CLIENT_SECRET_FILE (in development, run `live-risk stack up` to write them)',
    });
  }
  return new LiveRiskError('CONFIG_INVALID', `the schema registry at ${config.schemaRegistryUrl} refused ${who} this change: it may only read`, {
    cause,
    hint: 'run `live-risk schemas register` as an administrator (REGISTRY_CLIENT_ID of a client with the sr-admin role; see README, "Who may change the schemas")',
  });
}

export function registryUnavailable(config: Config, cause: unknown): LiveRiskError {
  if (cause instanceof LiveRiskError) return cause;
  if (cause instanceof RestError && (cause.status === 401 || cause.status === 403)) return refusal(config, cause);
  // A compatibility refusal is not an outage: retrying cannot help, changing the contract can.
  if (/incompatible/i.test(describeError(cause))) {
    return new LiveRiskError('CONFIG_INVALID', `the schema registry at ${config.schemaRegistryUrl} refused a contract: ${describeError(cause)}`, {
      cause,
      hint:
        'the registry holds an older version of this contract that the new one does not accept as BACKWARD compatible. If this release narrows it on purpose ' +
        '(see README, "Upgrading a contract"), check the stored history, then run `live-risk schemas register --accept-narrowing` once; ' +
        'otherwise make the change backward compatible (new fields optional) or publish to a new topic version (e.g. .v2)',
    });
  }
  return new LiveRiskError(
    'REGISTRY_UNAVAILABLE',
    `cannot use the schema registry at ${config.schemaRegistryUrl}: ${describeError(cause)}`,
    { retriable: true, cause, hint: 'run `live-risk stack up`, or set SCHEMA_REGISTRY_URL' },
  );
}

/**
 * Registers the published schema of every topic (the file in schemas/, byte for byte) under BACKWARD compatibility, so a new
 * version must still read every event already stored. Registering an unchanged schema is a no-op.
 *
 * `acceptNarrowing` is for a release that deliberately narrows a contract (issue 12: no control
 * characters in text, plausible dates), which BACKWARD refuses because old events may not pass it.
 * Such events could never have been stored anyway; after checking the stored history (README,
 * "Upgrading a contract"), an administrator registers the narrower version once with compatibility
 * NONE, and BACKWARD is set again at once. Returns the subjects that needed it.
 */
export async function registerSchemas(client: Client, names: TopicNames, options: { acceptNarrowing?: boolean } = {}): Promise<{ ids: Record<TopicId, number>; narrowed: string[] }> {
  const ids = {} as Record<TopicId, number>;
  const narrowed: string[] = [];
  for (const id of topicIds) {
    const subject = subjectFor(names[id]);
    const schema = publishedSchemaInfo(id);
    await client.updateCompatibility(subject, Compatibility.BACKWARD);
    try {
      ids[id] = await client.register(subject, schema, false);
    } catch (error) {
      if (!options.acceptNarrowing || !/incompatible/i.test(describeError(error))) throw error;
      await client.updateCompatibility(subject, Compatibility.NONE);
      try {
        ids[id] = await client.register(subject, schema, false);
      } finally {
        await client.updateCompatibility(subject, Compatibility.BACKWARD);
      }
      narrowed.push(subject);
    }
  }
  return { ids, narrowed };
}

/** A topic's published schema as the registry client sends it. */
export const publishedSchemaInfo = (id: TopicId): SchemaInfo => ({ schemaType: 'JSON', schema: publishedSchema(id) });

/** What an administrator's command does (`schemas register`, `stack up`, the demo, tests): register as the admin client. */
export async function registerAsAdministrator(config: Config, names: TopicNames, options: { acceptNarrowing?: boolean } = {}): Promise<{ narrowed: string[] }> {
  const client = createRegistryClient(config, 'admin');
  try {
    return await registerSchemas(client, names, options);
  } catch (error) {
    throw registryUnavailable(config, error);
  } finally {
    client.close();
  }
}

/**
 * The schema id of this release's contract on every topic, without changing anything: what a
 * long-running process does on start, with a client that may only read. A contract the registry
 * does not hold yet (a new topic, a new version) is for an administrator to register first.
 */
export async function lookupSchemas(client: Client, names: TopicNames): Promise<Record<TopicId, number>> {
  const ids = {} as Record<TopicId, number>;
  for (const id of topicIds) {
    const subject = subjectFor(names[id]);
    try {
      ids[id] = await client.getId(subject, publishedSchemaInfo(id), false);
    } catch (error) {
      if (!(error instanceof RestError) || error.status !== 404) throw error;
      throw new LiveRiskError('CONFIG_INVALID', `the schema registry holds no version of ${subject} matching this release's contract`, {
        cause: error,
        hint: 'run `live-risk schemas register` as an administrator, then start this again',
      });
    }
  }
  return ids;
}

/**
 * Serialises validated values in the wire format, with the id of this release's published schema
 * (never simply the latest version: one registered by someone else would make our own consumers
 * refuse what we write, see schema-ids.ts).
 *
 * The first value per topic goes through the registry client's JsonSerializer, told that id; after
 * that, when the schema carries no rules, the header is written here. Same bytes: an id's schema
 * never changes, and without rules the serializer's output is the header and JSON.stringify. What it
 * costs per message otherwise is a deterministic stringify of the whole schema for a cache key.
 */
export class TopicSerializer {
  private readonly plainSchemaIds = new Map<string, number>();
  /** A topic's first value on its way through the JsonSerializer, which the values after it wait for. */
  private readonly firstValues = new Map<string, Promise<unknown>>();

  /** `keys`: seal each family's personal fields with its key (services/sealing); without, events go in clear. */
  constructor(
    private readonly client: Client,
    private readonly keys?: FamilyKeys,
  ) {}

  async serialize<S extends z.ZodType>(topic: string, schema: S, value: z.input<S>): Promise<Buffer> {
    const checked = this.keys ? await sealEvent(this.keys, topic, schema.parse(value)) : schema.parse(value);
    // publishEvents serialises a chunk of a thousand at once: without this wait every one of them
    // would miss the fast path below and build a JsonSerializer of its own (about 30 s a chunk).
    const first = this.firstValues.get(topic);
    if (first) await first.catch(() => undefined);
    const plainId = this.plainSchemaIds.get(topic);
    if (plainId !== undefined) return wireFormat(plainId, JSON.stringify(checked));
    const work = this.throughJsonSerializer(topic, checked);
    this.firstValues.set(topic, work);
    try {
      return await work;
    } finally {
      if (this.firstValues.get(topic) === work) this.firstValues.delete(topic);
    }
  }

  private async throughJsonSerializer(topic: string, checked: unknown): Promise<Buffer> {
    const id = topicIdOf(topic);
    if (!id) throw new LiveRiskError('INTERNAL', `${topic} is not a live-risk topic`);
    const ours = await this.client.getIdFullResponse(subjectFor(topic), publishedSchemaInfo(id), false);
    const serializer = new JsonSerializer(this.client, SerdeType.VALUE, { autoRegisterSchemas: false, useSchemaId: ours.id });
    const bytes = await serializer.serialize(topic, checked);
    if (!hasRules(ours) && bytes.readInt32BE(1) === ours.id) this.plainSchemaIds.set(topic, ours.id);
    return bytes;
  }
}

/**
 * Reads the wire format through the registry client's JsonDeserializer, once per topic and schema id.
 *
 * Why not for every message: the client looks each message's schema up again, stringifying the whole
 * schema deterministically for a cache key (about 40% of a replay's busy time, profiled). A schema
 * id's schema never changes once registered, and with no reader schema configured (we set none) the
 * deserializer only runs the schema's rules and then JSON.parse. So once the registry has answered
 * for an id, and that schema carries no rules (none of ours do), the rest of that id's messages are
 * parsed straight from the bytes after the 5-byte header: exactly what the deserializer would return.
 * Ids the registry does not know, or whose schema has rules, keep going through the deserializer.
 */
export class TopicDeserializer {
  private readonly deserializer: JsonDeserializer;
  private readonly plainSchemas = new Set<string>();
  private readonly schemaIds: SchemaIdCheck;

  /** `keys`: what decodeMessage opens sealed fields with (services/sealing). */
  constructor(
    private readonly client: Client,
    readonly keys: FamilyKeys,
  ) {
    this.deserializer = new JsonDeserializer(client, SerdeType.VALUE, {});
    this.schemaIds = new SchemaIdCheck(client);
  }

  /** Whether the topic accepts this schema id: a version of its subject that this release knows (schema-ids.ts). */
  checkSchemaId(topic: string, schemaId: number): Promise<SchemaIdVerdict> {
    return this.schemaIds.check(topic, schemaId);
  }

  async deserialize(topic: string, value: Buffer): Promise<unknown> {
    const schemaKey = value.length >= wireHeaderBytes && value[0] === 0x00 ? `${topic}\u0000${value.readInt32BE(1)}` : null;
    if (schemaKey !== null && this.plainSchemas.has(schemaKey)) return JSON.parse(value.toString('utf8', wireHeaderBytes));
    const document: unknown = await this.deserializer.deserialize(topic, value);
    if (schemaKey !== null) {
      // Answered from the client's cache: the deserializer has just fetched this id for this subject.
      const schema = await this.client.getBySubjectAndId(subjectFor(topic), value.readInt32BE(1));
      if (!hasRules(schema)) this.plainSchemas.add(schemaKey);
    }
    return document;
  }
}

/** Magic byte 0x00 and a big-endian int32 schema id. */
const wireHeaderBytes = 5;

function wireFormat(schemaId: number, json: string): Buffer {
  const bytes = Buffer.allocUnsafe(wireHeaderBytes + Buffer.byteLength(json));
  bytes[0] = 0x00;
  bytes.writeInt32BE(schemaId, 1);
  bytes.write(json, wireHeaderBytes, 'utf8');
  return bytes;
}

const hasRules = (schema: SchemaInfo): boolean => {
  const rules = schema.ruleSet;
  return Boolean(rules && [rules.domainRules, rules.migrationRules, rules.encodingRules].some((list) => list && list.length > 0));
};

export function createDeserializer(client: Client, keys: FamilyKeys): TopicDeserializer {
  return new TopicDeserializer(client, keys);
}
