import type { Client } from '@confluentinc/schemaregistry';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Knex } from 'knex';
import { topicDefinitions, topicIds, topicNames, type TopicNames } from '../contracts';
import type { Config } from './config';
import { LiveRiskError } from './errors';
import { prepareDatabase } from './database';
import { createKafka, ensureTopics, kafkaUnavailable } from './kafka';
import { createLogger, type Logger } from './logger';
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
  close(): Promise<void>;
}>;

export async function openRuntime(config: Config, clientId = 'live-risk'): Promise<Runtime> {
  const log = createLogger({ service: clientId });
  const topics = topicNames(config.topicPrefix);
  const db = await prepareDatabase(config.databaseUrl);
  const kafka = createKafka(config, clientId);
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
    await ensureTopics(admin, topics);
    kafkaClusterId = (await admin.describeCluster()).clusterId;
    await admin.disconnect();
    await producer.connect();
  } catch (error) {
    await admin.disconnect().catch(() => undefined);
    await db.destroy();
    throw error instanceof LiveRiskError ? error : kafkaUnavailable(config, error);
  }
  const registry = createRegistryClient(config);
  try {
    await lookupSchemas(registry, topics);
  } catch (error) {
    registry.close();
    await producer.disconnect();
    await db.destroy();
    throw registryUnavailable(config, error);
  }
  const serializer = new TopicSerializer(registry);
  const schemaByTopic = new Map(topicIds.map((id) => [topics[id], topicDefinitions[id].schema]));
  const outbox = new OutboxRelay(db, producer, serializer, (topic) => {
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
    deserializer: createDeserializer(registry),
    outbox,
    log,
    close: async () => {
      await producer.disconnect().catch(() => undefined);
      registry.close();
      await db.destroy();
    },
  };
}
