import type { Kafka } from 'kafkajs';
import { agencyTopicIds, type TopicId, type TopicNames } from '../contracts';

/**
 * What Kafka still holds of a topic with a limited life, as the proof a retention report gives:
 * how many messages, and how many of them are older than the period. Kafka deletes a segment only
 * once all of it is past the period, so a few older messages may wait up to a day (segment.ms) for
 * theirs; more than that means the topic's retention is not set (`live-risk retention apply`).
 * Needs only Describe on the topics, which every live-risk process has: offsets, never content.
 */
export type TopicHolding = Readonly<{ topicId: TopicId; topic: string; held: number; olderThanPeriod: number; firstOffsets: Readonly<Record<number, string>> }>;

export async function kafkaHoldings(kafka: Kafka, topics: TopicNames, cutOffs: Readonly<{ agency: Date; deadLetters: Date }>): Promise<TopicHolding[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const holdings: TopicHolding[] = [];
    for (const topicId of [...agencyTopicIds, 'deadLetters'] as const) {
      const topic = topics[topicId];
      const cutOff = topicId === 'deadLetters' ? cutOffs.deadLetters : cutOffs.agency;
      const offsets = await admin.fetchTopicOffsets(topic);
      const atCutOff = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, cutOff.getTime())).map((entry) => [entry.partition, BigInt(entry.offset)]));
      let held = 0n;
      let older = 0n;
      for (const { partition, low, high } of offsets) {
        held += BigInt(high) - BigInt(low);
        const first = atCutOff.get(partition) ?? BigInt(high);
        if (first > BigInt(low)) older += first - BigInt(low);
      }
      holdings.push({ topicId, topic, held: Number(held), olderThanPeriod: Number(older), firstOffsets: Object.fromEntries(offsets.map((entry) => [entry.partition, entry.low])) });
    }
    return holdings;
  } finally {
    await admin.disconnect();
  }
}
