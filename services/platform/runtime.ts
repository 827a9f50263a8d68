import type { Client } from './schema-registry-library';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Knex } from 'knex';
import { topicDefinitions, topicIds, topicNames, type TopicNames } from '../contracts';
import type { Config } from './config';
import { classifyError } from './classify-error';
import { LiveRiskError } from './errors';
import { prepareDatabase, separatePool } from './database';
import { createKafka, ensureTopics, kafkaUnavailable } from './kafka';
import type { ProcessRole } from './kafka-credentials';
import { grantProcessAcls } from '../kafka-access/acls';
import { applyTopicRetention, loadRetentionSchedule, topicRetention } from '../retention';
import { writableTopics } from '../kafka-access/grants';
import { createLogger, type Logger } from './logger';
import { FamilyKeyring, loadMasterKey } from '../sealing/family-keys';
import { OutboxRelay } from './outbox';
import { createDeserializer, createRegistryClient, lookupSchemas, registryUnavailable, TopicSerializer, type TopicDeserializer } from './registry';

/**
 * Everything a live-risk process talks to, opened once: PostgreSQL (migrated), Kafka (topics
 * created), the schema registry (this release's schemas looked up, never registered: a process
 * only reads the registry; an administrator registers, see registerAsAdministrator). Commands and tests take a Runtime and close it.
 */
export type Runtime = Readonly<{
  config: Config;
  topics: TopicNames;
  db: Knex;
  kafka: Kafka;
  /** The id of the Kafka cluster, which every stored offset is bound to (see offset-binding.ts). */
  kafkaClusterId: string;
  producer: Producer;
  registry: Client;
  serializer: TopicSerializer;
  deserializer: TopicDeserializer;
  outbox: OutboxRelay;
  log: Logger;
  /** The families' keys: the serializer seals with them, decodeMessage opens with them (services/sealing). */
  keys: FamilyKeyring;
  close(): Promise<void>;
}>;

/**
 * `role` is who the process is to Kafka (services/platform/kafka-credentials.ts). Only the
 * administrator creates topics and grants the processes their ACLs for this topic prefix; the others
 * find both ready, and their outbox relays publish only the topics they may write.
 */
export async function openRuntime(config: Config, clientId = 'live-risk', role: ProcessRole = 'admin'): Promise<Runtime> {
  const log = createLogger({ service: clientId });
  const topics = topicNames(config.topicPrefix);
  // Read before anything connects: a missing or unreadable master key is configuration, refused at start-up.
  const masterKey = await loadMasterKey(config.masterKeyFile);
  const db = await prepareDatabase(config.databaseUrl);
  // A pool of its own: keys are looked up while a consumer's transaction holds a connection of `db`.
  const keysDb = separatePool(db);
  const keys = new FamilyKeyring(keysDb, masterKey);
  const destroyPools = async () => {
    await keysDb.destroy();
    await db.destroy();
  };
  let kafka: Kafka;
  try {
    kafka = createKafka(config, clientId, role);
  } catch (error) {
    await destroyPools();
    throw error;
  }
  const admin = kafka.admin();
  // Not the idempotent producer: every event carries a deterministic id that its readers de-duplicate
  // on, and one request in flight keeps each partition in the order we sent it.
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let kafkaClusterId: string;
  try {
    await admin.connect();
    if (role === 'admin') {
      // The administrator gives every topic its retention: new topics as they are created, existing
      // ones brought to today's schedule (a changed schedule takes effect at the next start).
      const schedule = loadRetentionSchedule(config.retentionFile, config);
      await ensureTopics(admin, topics, topicRetention(schedule));
      await applyTopicRetention(admin, topics, schedule);
      await grantProcessAcls(admin, topics, config.topicPrefix);
    }
    kafkaClusterId = (await admin.describeCluster()).clusterId;
    await admin.disconnect();
    await producer.connect();
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    await destroyPools();
    if (error instanceof LiveRiskError) throw error;
    const classified = classifyError(error, 'kafka');
    throw classified.code === 'KAFKA_NOT_AUTHORIZED' ? classified : kafkaUnavailable(config, error);
  }
  const registry = createRegistryClient(config, 'reader', role);
  try {
    await lookupSchemas(registry, topics);
  } catch (error) {
    registry.close();
    await producer.disconnect();
    await destroyPools();
    throw registryUnavailable(config, error);
  }
  const serializer = new TopicSerializer(registry, keys);
  const schemaByTopic = new Map(topicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  const outbox = new OutboxRelay(db, producer, serializer, writableTopics(role, topics), (topic) => {
    const schema = schemaByTopic.get(topic);
    if (!schema) throw new LiveRiskError('INTERNAL', `outbox row for unknown topic ${topic}`);
    return schema;
  }, log);
  return {
    config,
    topics,
    db,
    kafka,
    kafkaClusterId,
    producer,
    registry,
    serializer,
    deserializer: createDeserializer(registry, keys),
    outbox,
    log,
    keys,
    close: async () => {
      await producer.disconnect().catch(() => undefined);
      registry.close();
      await destroyPools();
    },
  };
}
