import { agencyTopicIds } from '../contracts';
import type { Runtime } from '../platform/runtime';

export type Reconciliation = Readonly<{
  topics: ReadonlyArray<{ topic: string; messages: number; linked: number; inReview: number; unlinked: number; deadLettered: number; pending: number }>;
  reconciled: boolean;
}>;

/**
 * Counts that must add up: every message on an agency topic is either linked, sent for review,
 * unlinked or dead-lettered in the matcher's ledger, or still pending (not yet read).
 */
export async function reconcile(runtime: Pick<Runtime, 'kafka' | 'db' | 'topics'>): Promise<Reconciliation> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    const topics = [];
    for (const id of agencyTopicIds) {
      const topic = runtime.topics[id];
      const offsets = await admin.fetchTopicOffsets(topic);
      const messages = offsets.reduce((sum, p) => sum + Number(BigInt(p.high) - BigInt(p.low)), 0);
      const rows: Array<{ outcome: string; count: string }> = await runtime.db('matcher_ledger')
        .where({ topic })
        .groupBy('outcome')
        .select('outcome', runtime.db.raw('count(*) as count'));
      const count = (outcome: string) => Number(rows.find((row) => row.outcome === outcome)?.count ?? 0);
      const linked = count('linked');
      const inReview = count('in-review');
      const unlinked = count('unlinked');
      const deadLettered = count('dead-lettered');
      topics.push({ topic, messages, linked, inReview, unlinked, deadLettered, pending: messages - linked - inReview - unlinked - deadLettered });
    }
    return { topics, reconciled: topics.every((row) => row.pending === 0) };
  } finally {
    await admin.disconnect();
  }
}
