import { RestService, type Client } from './schema-registry-library';
import type { DeadLetterReason } from '../contracts';
import { publishedSchema } from '../contracts/json-schemas';
import { LiveRiskError, describeError } from './errors';
import { subjectFor, topicIdOf } from './subjects';

/**
 * Which schema ids a topic accepts. A wire-format message names a schema id, and ids are global to
 * the registry: the cohort's id framed onto the police topic is a real id, just not a police one.
 * So an id is accepted on a topic only when it is a version of that topic's subject, and only a
 * version up to the one this release registers (its published schema): a newer version was
 * registered by someone else, and our stricter validation would reject what it allows with a
 * confusing "Unrecognized key". Older versions stay accepted: history is forever.
 */
export type SchemaIdVerdict =
  | Readonly<{ ok: true; version: number }>
  | Readonly<{ ok: false; reasonCode: Extract<DeadLetterReason, 'UNKNOWN_SCHEMA_ID' | 'WRONG_SCHEMA_FOR_TOPIC' | 'SCHEMA_VERSION_UNKNOWN'>; reason: string }>;

/** Where the registry says one schema id is registered: GET /schemas/ids/{id}/versions. */
export type SubjectVersion = Readonly<{ subject: string; version: number }>;

const subjectsNamed = 3;

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/** The verdict for one id on one subject; `registeredAs` is null when the registry does not know the id. */
export function judgeSchemaId(schemaId: number, subject: string, registeredAs: readonly SubjectVersion[] | null, ourVersion: number): SchemaIdVerdict {
  if (registeredAs === null || registeredAs.length === 0) {
    return {
      ok: false,
      reasonCode: 'UNKNOWN_SCHEMA_ID',
      reason: `schema id ${schemaId} is not known to the registry; serialise with the schema registered under subject ${subject}`,
    };
  }
  const ours = registeredAs.find((entry) => entry.subject === subject);
  if (!ours) {
    // The same text registered under many subjects shares one id; name this deployment's first (the longest common prefix).
    const ranked = [...registeredAs].sort((a, b) => commonPrefix(b.subject, subject) - commonPrefix(a.subject, subject));
    const named = ranked.slice(0, subjectsNamed).map((entry) => `${entry.subject} (version ${entry.version})`).join(', ');
    const more = registeredAs.length > subjectsNamed ? ` and ${registeredAs.length - subjectsNamed} more` : '';
    return {
      ok: false,
      reasonCode: 'WRONG_SCHEMA_FOR_TOPIC',
      reason: `schema id ${schemaId} belongs to subject ${named}${more}, not to ${subject}, the subject this topic expects; serialise with the schema registered under ${subject}`,
    };
  }
  if (ours.version > ourVersion) {
    return {
      ok: false,
      reasonCode: 'SCHEMA_VERSION_UNKNOWN',
      reason: `version ${ours.version} of subject ${subject} (schema id ${schemaId}) is not one this release registered; upgrade live-risk or register through \`live-risk schemas register\``,
    };
  }
  return { ok: true, version: ours.version };
}

/**
 * The registry look-ups behind judgeSchemaId, cached for the life of the process because they sit
 * on every consumer's hot path: a registered id never changes subject or version. Verdicts on ids
 * the registry does not know are not kept (the id may be registered later); every other verdict is.
 */
export class SchemaIdCheck {
  private readonly verdicts = new Map<string, SchemaIdVerdict>();
  private readonly ourVersions = new Map<string, number>();
  private readonly rest: RestService;

  constructor(private readonly client: Client) {
    // The client's own configuration, credentials included: this is a read any reader may make.
    const config = client.config();
    this.rest = new RestService(config.baseURLs, config.isForward, config.createAxiosDefaults, config.basicAuthCredentials, config.bearerAuthCredentials, config.maxRetries, config.retriesWaitMs, config.retriesMaxWaitMs);
  }

  async check(topic: string, schemaId: number): Promise<SchemaIdVerdict> {
    const key = `${topic}\u0000${schemaId}`;
    const known = this.verdicts.get(key);
    if (known) return known;
    const subject = subjectFor(topic);
    const verdict = judgeSchemaId(schemaId, subject, await this.registeredAs(schemaId), await this.ourVersion(topic));
    if (verdict.ok || verdict.reasonCode !== 'UNKNOWN_SCHEMA_ID') this.verdicts.set(key, verdict);
    return verdict;
  }

  private async registeredAs(schemaId: number): Promise<SubjectVersion[] | null> {
    try {
      return (await this.rest.handleRequest<SubjectVersion[]>(`/schemas/ids/${schemaId}/versions`, 'GET')).data;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }

  /** The version this release's published schema has under the topic's subject. */
  private async ourVersion(topic: string): Promise<number> {
    const cached = this.ourVersions.get(topic);
    if (cached !== undefined) return cached;
    const subject = subjectFor(topic);
    const id = topicIdOf(topic);
    if (!id) throw new LiveRiskError('INTERNAL', `${topic} is not a live-risk topic`);
    let version: number;
    try {
      version = await this.client.getVersion(subject, { schemaType: 'JSON', schema: publishedSchema(id) }, false, false);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      // Not bad input: this release's contract is missing from the registry, so no message can be judged yet.
      throw new LiveRiskError('REGISTRY_UNAVAILABLE', `this release's schema is not registered under subject ${subject}: ${describeError(error)}`, {
        retriable: true,
        cause: error,
        hint: 'run `live-risk schemas register` (as a council administrator) for this release',
      });
    }
    this.ourVersions.set(topic, version);
    return version;
  }
}
