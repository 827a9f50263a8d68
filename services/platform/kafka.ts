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
    // kafkajs's own wait for leaders (waitForLeaders) gives up, rather than waiting, when the broker
    // answers that it does not know a topic it has just created (UNKNOWN_TOPIC_OR_PARTITION, seen on
    // a busy KRaft broker before its metadata catches up): it failed a start-up. So we wait ourselves.
    await admin.createTopics({ topics: missing, waitForLeaders: false });
    await untilLeadersElected(() => admin.fetchTopicMetadata({ topics: missing.map((topic) => topic.topic) }));
  }
  return missing.map((topic) => topic.topic);
}

type TopicMetadataAnswer = { topics: ReadonlyArray<{ name: string; partitions: ReadonlyArray<{ leader: number }> }> };
const notYetErrors = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Asks `fetchMetadata` until every partition has a leader, a broker not knowing the topic yet meaning "not yet". */
export async function untilLeadersElected(fetchMetadata: () => Promise<TopicMetadataAnswer>, timeoutMs = 30_000, pollMs = 100): Promise<void> {
  let last = 'no answer yet';
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, pollMs))) {
    try {
      const { topics } = await fetchMetadata();
      const leaderless = topics.filter((topic) => topic.partitions.length === 0 || topic.partitions.some((partition) => partition.leader < 0)).map((topic) => topic.name);
      if (leaderless.length === 0) return;
      last = `no leader yet for ${leaderless.join(', ')}`;
    } catch (error) {
      // kafkajs's retrier wraps the broker's error once its own retries are used up.
      const { type, originalError } = error as { type?: string; originalError?: { type?: string } };
      if (!notYetErrors.has(type ?? originalError?.type ?? '')) throw error;
      last = describeError(error);
    }
  }
  throw new LiveRiskError('KAFKA_UNAVAILABLE', `the topics were created but have no leaders after ${timeoutMs / 1000} s (${last})`, {
    retriable: true,
    hint: 'the broker may be overloaded or restarting; try again, and see its log if this goes on',
  });
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
