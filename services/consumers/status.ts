import type { Knex } from 'knex';
import { reconcile, type Reconciliation } from '../matcher/reconcile';
import { describeOffsetProblem } from '../platform/offset-binding';
import { consumerLag, offsetProblemsOf, type ProgressRuntime } from './progress';
import { catchUpOrder, type ConsumerName } from './registry';
import type { TopicNames } from '../contracts';
import type { Config } from '../platform/config';
import { agreementsInForce, type AgreementsReport } from '../policy/agreements-in-force';

/**
 * Everything `live-risk status` reports, in one read of Kafka and PostgreSQL: whether every agency
 * message is accounted for, how far each consumer is behind, whether their stored offsets still
 * describe the topics, and whether what was decided has been published (the outbox). Beside them,
 * the sharing agreements of the policy in force and whether any is past its review date: reported,
 * but no part of `reconciled`, since an overdue review stops nothing.
 */
export type ConsumerStatus = Readonly<{ consumer: ConsumerName; behind: number; problems: readonly string[] }>;
export type OutboxStatus = Readonly<{ topic: string; waiting: number; parked: number; published: number }>;
export type ParkedRow = Readonly<{ id: string; topic: string; failedAt: Date; failure: string }>;

export type PipelineStatus = Readonly<{
  agencyTopics: Reconciliation['topics'];
  consumers: readonly ConsumerStatus[];
  outbox: readonly OutboxStatus[];
  parked: readonly ParkedRow[];
  /** Every agency message accounted for, every consumer current, its offsets valid, and nothing waiting or parked in the outbox. */
  reconciled: boolean;
  /** Offsets that no longer describe their topics: the consumers refuse to read until someone recovers. */
  offsetsInvalid: boolean;
  agreements: AgreementsReport;
}>;

export async function pipelineStatus(runtime: ProgressRuntime & { topics: TopicNames; db: Knex; config: Pick<Config, 'policyFile'> }, now: Date = new Date()): Promise<PipelineStatus> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    const reconciliation = await reconcile(runtime, admin);
    const lag = await consumerLag(runtime, catchUpOrder, admin);
    const problems = await offsetProblemsOf(runtime, catchUpOrder, admin);
    const consumers = catchUpOrder.map((consumer) => ({
      consumer,
      behind: Number(lag.filter((row) => row.consumer === consumer).reduce((sum, row) => sum + row.behind, 0n)),
      problems: (problems.find((entry) => entry.consumer === consumer)?.problems ?? []).map(describeOffsetProblem),
    }));
    const outbox: OutboxStatus[] = (
      await runtime.db('outbox')
        .groupBy('topic')
        .orderBy('topic')
        .select(
          'topic',
          runtime.db.raw('count(*) filter (where published_at is null and failed_at is null)::int as waiting'),
          runtime.db.raw('count(*) filter (where published_at is null and failed_at is not null)::int as parked'),
          runtime.db.raw('count(*) filter (where published_at is not null)::int as published'),
        )
    ).map((row: OutboxStatus) => ({ topic: row.topic, waiting: row.waiting, parked: row.parked, published: row.published }));
    const parked: ParkedRow[] = (
      await runtime.db('outbox').whereNull('published_at').whereNotNull('failed_at').orderBy('id').limit(20).select('id', 'topic', 'failed_at', 'failure')
    ).map((row: { id: string; topic: string; failed_at: Date; failure: string }) => ({ id: String(row.id), topic: row.topic, failedAt: row.failed_at, failure: row.failure }));
    const offsetsInvalid = consumers.some((entry) => entry.problems.length > 0);
    const reconciled =
      reconciliation.reconciled && !offsetsInvalid && consumers.every((entry) => entry.behind === 0) && outbox.every((row) => row.waiting === 0 && row.parked === 0);
    return { agencyTopics: reconciliation.topics, consumers, outbox, parked, reconciled, offsetsInvalid, agreements: agreementsInForce(runtime.config.policyFile, now) };
  } finally {
    await admin.disconnect();
  }
}
