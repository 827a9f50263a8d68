import type { Client as RegistryClient } from '../platform/schema-registry-library';
import type { Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import { topicNames, type TopicNames } from '../contracts';
import type { Config } from '../platform/config';
import { prepareDatabase } from '../platform/database';
import { LiveRiskError } from '../platform/errors';
import { createKafka, kafkaUnavailable } from '../platform/kafka';
import { createDeserializer, createRegistryClient } from '../platform/registry';
import { FamilyKeyring, loadMasterKey } from '../sealing/family-keys';
import type { ReplaySource } from './replay-projection';

/**
 * What an analyst command opens: the live database (read, and the audit log appended to), Kafka to
 * read from, the registry to decode with. Unlike the services' Runtime there is no producer and no
 * outbox relay: nothing an analyst runs can publish.
 */
export type AnalystRuntime = Readonly<{
  config: Config;
  topics: TopicNames;
  live: Knex;
  /** The role the live pool works as (the service role), or undefined when it works as the owner. */
  role: string | undefined;
  source: ReplaySource;
  close(): Promise<void>;
}>;

export async function openAnalystRuntime(config: Config): Promise<AnalystRuntime> {
  const masterKey = await loadMasterKey(config.masterKeyFile);
  const live = await prepareDatabase(config.databaseUrl);
  const { rows } = await live.raw('select current_user as role, session_user as login');
  const role = rows[0].role === rows[0].login ? undefined : (rows[0].role as string);
  const kafka: Kafka = createKafka(config, 'live-risk-replay');
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.disconnect();
  } catch (error) {
    await live.destroy();
    throw error instanceof LiveRiskError ? error : kafkaUnavailable(config, error);
  }
  const registry: RegistryClient = createRegistryClient(config);
  const topics = topicNames(config.topicPrefix);
  return {
    config,
    topics,
    live,
    role,
    // Replay reads through throw-away consumer groups under the deployment's prefix; it never joins the services' groups.
    source: { kafka, deserializer: createDeserializer(registry, new FamilyKeyring(live, masterKey)), topics, groupPrefix: config.topicPrefix },
    close: async () => {
      registry.close();
      await live.destroy();
    },
  };
}
