import type { Admin } from 'kafkajs';
import { agencyTopicIds } from '../contracts';
import { offsetsKeyOf } from '../consumers/registry';
import { expiredUnread } from '../platform/expired-gaps';
import type { Runtime } from '../platform/runtime';

export type TopicReconciliation = Readonly<{
  topic: string;
  /** Every message the topic has had since it was created (its high watermark: offsets start at 0). */
  messages: number;
  linked: number;
  inReview: number;
  unlinked: number;
  /** The same eventId and content again: a publisher's retry, ignored (see repeated-events.ts). */
  duplicates: number;
  deadLettered: number;
  /** Deleted by Kafka (the topic's retention) before the matcher read them: recorded gaps, never matched. */
  expired: number;
  /** Not yet read by the matcher. Never negative: see `exceeded`. */
  pending: number;
  /** The matcher's ledger holds more messages than the topic has had: the topic is not the one it read. */
  exceeded: number;
}>;

export type Reconciliation = Readonly<{ topics: readonly TopicReconciliation[]; reconciled: boolean }>;

/**
 * Counts that must add up: every message on an agency topic is either linked, sent for review,
 * unlinked, a duplicate or dead-lettered in the matcher's ledger, expired before the matcher read it
 * (platform/expired-gaps.ts), or still pending (not yet read). A ledger that
 * counts more than the topic ever held means the topic was recreated or replaced under it; that is
 * reported as such, never as a negative number pending.
 */
export async function reconcile(runtime: Pick<Runtime, 'kafka' | 'db' | 'topics'>, existingAdmin?: Admin): Promise<Reconciliation> {
  const admin = existingAdmin ?? runtime.kafka.admin();
  if (!existingAdmin) await admin.connect();
  try {
    const topics: TopicReconciliation[] = [];
    const existing = new Set(await admin.listTopics());
    for (const id of agencyTopicIds) {
      const topic = runtime.topics[id];
      const offsets = existing.has(topic) ? await admin.fetchTopicOffsets(topic) : [];
      const messages = offsets.reduce((sum, p) => sum + Number(p.high), 0);
      const rows: Array<{ outcome: string; count: string }> = await runtime.db('matcher_ledger')
        .where({ topic })
        .groupBy('outcome')
        .select('outcome', runtime.db.raw('count(*) as count'));
      const count = (outcome: string) => Number(rows.find((row) => row.outcome === outcome)?.count ?? 0);
      const linked = count('linked');
      const inReview = count('in-review');
      const unlinked = count('unlinked');
      const duplicates = count('duplicate');
      const deadLettered = count('dead-lettered');
      const expired = await expiredUnread(runtime.db, offsetsKeyOf('matcher'), topic);
      const accounted = linked + inReview + unlinked + duplicates + deadLettered + expired;
      topics.push({ topic, messages, linked, inReview, unlinked, duplicates, deadLettered, expired, pending: Math.max(0, messages - accounted), exceeded: Math.max(0, accounted - messages) });
    }
    return { topics, reconciled: topics.every((row) => row.pending === 0 && row.exceeded === 0) };
  } finally {
    if (!existingAdmin) await admin.disconnect();
  }
}
