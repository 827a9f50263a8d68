import { Kafka, logLevel, type Admin, type ITopicConfig, type LogEntry } from 'kafkajs';
import type { Config } from './config';
import { LiveRiskError, describeError } from './errors';
import { createLogger, type Logger } from './logger';
import { kafkaClientSecurity, kafkaLogin, type KafkaLogin, type ProcessRole } from './kafka-credentials';
import './kafkajs-request-queue';
import { topicConfig, topicDefinitions, topicIds, type TopicId, type TopicNames } from '../contracts';

const kafkaLog = createLogger({ component: 'kafkajs' });

/** kafkajs logs through our structured logger; its own noise stays at warn and above. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...fields } = log;
    // kafkajs logs every error response it is about to retry ("Response GroupCoordinator ...", "The
    // coordinator is loading") at error level; those are routine while a broker starts.
    if (String(message).startsWith('Response ')) kafkaLog.debug(String(message), fields);
    else if (level <= logLevel.ERROR) kafkaLog.error(String(message), fields);
    else if (level === logLevel.WARN) kafkaLog.warn(String(message), fields);
  };
}

/** A client that logs in as `who`: a process role (or the configured KAFKA_SASL_USERNAME), or a given login (an agency's). */
export function createKafka(config: Config, clientId: string, who: ProcessRole | KafkaLogin = 'admin'): Kafka {
  return new Kafka({
    clientId,
    brokers: [...config.kafkaBrokers],
    ...kafkaClientSecurity(config, typeof who === 'string' ? () => kafkaLogin(config, who) : who),
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 300, retries: 8 },
    connectionTimeout: 5000,
  });
}

export function kafkaUnavailable(config: Config, cause: unknown): LiveRiskError {
  return new LiveRiskError(
    'KAFKA_UNAVAILABLE',
    `cannot reach Kafka at ${config.kafkaBrokers.join(',')}: ${describeError(cause)}`,
    { retriable: true, cause, hint: 'run `live-risk stack up`, or set KAFKA_BROKERS to a reachable cluster' },
  );
}

/**
 * Creates every live-risk topic that does not exist yet, with its retention settings (from the
 * retention schedule, services/retention/topic-retention.ts; none given: unlimited). Existing topics
 * keep their partitions: changing partitions of a keyed topic would reorder history.
 */
export async function ensureTopics(admin: Admin, names: TopicNames, retention?: Readonly<Record<TopicId, Readonly<Record<string, string>>>>): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = topicIds
    .filter((id) => !existing.has(names[id]))
    .map((id) => ({
      topic: names[id],
      numPartitions: topicDefinitions[id].partitions,
      replicationFactor: 1,
      configEntries: withSettings(topicConfig, retention?.[id] ?? {}),
    }));
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  }
  return missing.map((topic) => topic.topic);
}

const withSettings = (base: ReadonlyArray<{ name: string; value: string }>, settings: Readonly<Record<string, string>>) => [
  ...base.filter((entry) => !(entry.name in settings)),
  ...Object.entries(settings).map(([name, value]) => ({ name, value })),
];

/** The offset one past the last message, per partition: what "caught up" means for a reader. */
export async function highWatermarks(admin: Admin, topic: string): Promise<Map<number, bigint>> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
}

export type { Logger };
