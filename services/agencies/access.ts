import type { Knex } from 'knex';
import type { Config } from '../platform/config';
import { withDatabase } from '../platform/database';
import { registryCredentials } from '../platform/registry-credentials';
import { issueApiKey, listApiKeys, revokeApiKey, type IssuedApiKey } from '../ingest/api-keys';
import type { Progress } from '../stack/types';
import { addAgency, revokeAgency, rotateAgency, type Agency, type AgencyCredentials, type AgencyTopicId } from './agencies';
import { grantRegistryRead, revokeRegistryAccess, type RegistryCredentials } from './registry-access';

/**
 * Everything an agency is given to send as itself, in one place: its Kafka login (agencies.ts), a
 * read-only registry client when the registry checks who is asking (registry-access.ts), and, for
 * an agency without a Kafka client, an HTTPS ingest API key per topic it writes (services/ingest).
 * Every secret here is returned once for the command to hand over; none is stored in clear.
 */
export type AgencyAccess = AgencyCredentials &
  Readonly<{
    /** Absent when the registry takes no credentials (docker compose without Keycloak). */
    registry: RegistryCredentials | undefined;
    apiKeys: readonly IssuedApiKey[];
  }>;

/** The registry only needs an agency client when it authenticates, which is when we hold an administrator's login to it. */
const registryAuthenticates = (config: Config): boolean => registryCredentials(config, 'admin') !== undefined;


const issueKeys = (config: Config, agency: Agency): Promise<IssuedApiKey[]> =>
  withDatabase(config.databaseUrl, async (db) => Promise.all(agency.topics.map((topic) => issueApiKey(db, topic, agency.name))));

/** The agency's live API keys: those labelled with its name (as `agency add --https` labels them). */
const liveKeysOf = async (db: Knex, name: string) => (await listApiKeys(db)).filter((key) => key.label === name && key.revokedAt === null);

export async function addAgencyAccess(config: Config, name: string, topics: readonly AgencyTopicId[], options: { https: boolean }, progress: Progress): Promise<AgencyAccess> {
  const kafka = await addAgency(config, name, topics, progress);
  const registry = registryAuthenticates(config) ? await grantRegistryRead(config, name) : undefined;
  const apiKeys = options.https ? await issueKeys(config, kafka.agency) : [];
  return { ...kafka, registry, apiKeys };
}

/** New secrets for everything the agency holds: the old ones stop working (the registry's within a minute). */
export async function rotateAgencyAccess(config: Config, name: string, progress: Progress): Promise<AgencyAccess> {
  const kafka = await rotateAgency(config, name, progress);
  const registry = registryAuthenticates(config) ? await grantRegistryRead(config, name) : undefined;
  const apiKeys = await withDatabase(config.databaseUrl, async (db) => {
    const old = await liveKeysOf(db, name);
    if (old.length === 0) return [];
    for (const key of old) await revokeApiKey(db, key.keyId);
    return Promise.all(kafka.agency.topics.map((topic) => issueApiKey(db, topic, name)));
  });
  return { ...kafka, registry, apiKeys };
}

/** Kafka first (nothing more can be published from that moment), then the registry client and the API keys. */
export async function revokeAgencyAccess(config: Config, name: string, progress: Progress): Promise<Agency & { apiKeysRevoked: number }> {
  const agency = await revokeAgency(config, name, progress);
  if (registryAuthenticates(config)) await revokeRegistryAccess(config, name);
  const apiKeysRevoked = await withDatabase(config.databaseUrl, async (db) => {
    const live = await liveKeysOf(db, name);
    for (const key of live) await revokeApiKey(db, key.keyId);
    return live.length;
  });
  return { ...agency, apiKeysRevoked };
}
