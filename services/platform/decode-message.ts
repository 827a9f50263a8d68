import { RestError, SerializationError } from './schema-registry-library';
import type { z } from 'zod';
import type { DeadLetterReason } from '../contracts';
import { LiveRiskError, describeError } from './errors';
import { subjectFor, type TopicDeserializer } from './registry';
import type { FamilyKeys } from '../sealing/family-keys';
import { openSealed, type Opened } from '../sealing/seal';

/**
 * Turns the bytes of a message on any live-risk topic into a validated event, or into a rejection a publisher can
 * act on. Two encodings are accepted:
 *
 *   0x00 | schema id (int32 BE) | JSON      schema-registry wire format (what our serdes produce)
 *   {...}                                   plain JSON, as a standard Kafka tool would send it
 *
 * Bad input is a value, never an exception. Only a registry outage throws (retriable), because
 * dead-lettering good messages while the registry is down would lose nothing but trust.
 */
export type Decoded<T> =
  | { ok: true; event: T; encoding: 'registry' | 'plain-json' }
  | { ok: false; erased?: undefined; reasonCode: DeadLetterReason; reason: string }
  | Erased;
/**
 * An event about an erased family (services/sealing): neither applied nor dead-lettered. `clear` is
 * what was never sealed (type, ids, times), for a projection that records which events it has seen.
 */
export type Erased = { ok: false; erased: true; familyId: string; clear: Readonly<Record<string, unknown>> };

const reject = (reasonCode: DeadLetterReason, reason: string) => ({ ok: false, reasonCode, reason }) as const;

/** Opens sealed fields (the one place a read does), then validates the event as it was before sealing. */
async function openAndValidate<S extends z.ZodType>(
  schema: S,
  document: unknown,
  topic: string,
  encoding: 'registry' | 'plain-json',
  keys: FamilyKeys,
): Promise<Decoded<z.output<S>>> {
  let opened: Opened;
  try {
    opened = await openSealed(keys, topic, document);
  } catch (error) {
    if (error instanceof LiveRiskError) throw error;
    return reject('NOT_DECODABLE', `its sealed fields do not open (altered, or sealed for another family): ${describeError(error)}`);
  }
  if (opened.kind === 'erased') return { ok: false, erased: true, familyId: opened.familyId, clear: opened.clear };
  return validate(schema, opened.document, topic, encoding);
}

function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
}

function validate<S extends z.ZodType>(
  schema: S,
  document: unknown,
  topic: string,
  encoding: 'registry' | 'plain-json',
): Decoded<z.output<S>> {
  const parsed = schema.safeParse(document);
  if (!parsed.success) {
    return reject(
      'SCHEMA_INVALID',
      `does not match the ${topic} schema: ${describeZodIssues(parsed.error)}; ` +
        `the schema is registered under subject ${subjectFor(topic)} and published in schemas/`,
    );
  }
  return { ok: true, event: parsed.data, encoding };
}

export async function decodeMessage<S extends z.ZodType>(
  value: Buffer | null,
  topic: string,
  schema: S,
  deserializer: TopicDeserializer,
): Promise<Decoded<z.output<S>>> {
  if (!value || value.length === 0) {
    return reject('EMPTY_MESSAGE', 'the message has no value; send one event as JSON per message');
  }
  if (value[0] === 0x00) {
    if (value.length < 6) {
      return reject('NOT_DECODABLE', 'starts with the wire-format magic byte but is too short to hold a schema id and a document');
    }
    const schemaId = value.readInt32BE(1);
    try {
      // Another topic's id, or a version this release did not register, is refused before its JSON is read.
      const verdict = await deserializer.checkSchemaId(topic, schemaId);
      if (!verdict.ok) return reject(verdict.reasonCode, verdict.reason);
      const document: unknown = await deserializer.deserialize(topic, value);
      return await openAndValidate(schema, document, topic, 'registry', deserializer.keys);
    } catch (error) {
      if (error instanceof LiveRiskError) throw error;
      if (error instanceof RestError && error.status === 404) {
        return reject(
          'UNKNOWN_SCHEMA_ID',
          `schema id ${schemaId} is not known to the registry; serialise with the schema registered under subject ${subjectFor(topic)}`,
        );
      }
      if (error instanceof SerializationError) {
        return reject('SCHEMA_INVALID', `fails schema id ${schemaId}: ${describeError(error).slice(0, 500)}`);
      }
      if (error instanceof SyntaxError) {
        return reject('NOT_DECODABLE', `schema id ${schemaId} but the document is not valid JSON: ${error.message}`);
      }
      throw new LiveRiskError('REGISTRY_UNAVAILABLE', `could not decode with the registry: ${describeError(error)}`, {
        retriable: true,
        cause: error,
      });
    }
  }
  const text = value.toString('utf8');
  if (!text.trimStart().startsWith('{')) {
    return reject(
      'NOT_DECODABLE',
      'neither the schema-registry wire format (magic byte 0 and a schema id) nor a JSON object; ' +
        'send JSON, ideally through a schema-registry serializer',
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return reject('NOT_DECODABLE', `not valid JSON: ${describeError(error)}`);
  }
  return openAndValidate(schema, document, topic, 'plain-json', deserializer.keys);
}
