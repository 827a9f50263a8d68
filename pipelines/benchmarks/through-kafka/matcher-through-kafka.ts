import type { Knex } from 'knex';
import { MatcherCohort } from '../../../services/matcher/matcher-cohort';
import { LiveRiskError } from '../../../services/platform/errors';
import { highWatermarks } from '../../../services/platform/kafka';
import { runOffsetConsumer, type BatchHandler, type ConsumedMessage } from '../../../services/platform/offset-consumer';
import type { Runtime } from '../../../services/platform/runtime';
import { consumerDepsOf, handlerFor } from '../../consumers';

/**
 * One matcher catch-up from offset zero, as `catchUp(runtime, ['matcher'])` runs it (the same
 * consumer, the same handler, the outbox relay publishing matches to Kafka after each batch), with
 * a watch on the handler for when work started and when the last batch's matches were published.
 */
export type MatcherRun = Readonly<{
  events: number;
  /** Messages that reached matches.v1, reviews.v1 and dead-letter.v1 during the run. */
  matchesPublished: number;
  reviewsPublished: number;
  deadLetters: number;
  /** Links the ledger records; on a fresh run every one is published, so it should equal matchesPublished. */
  decidedLinks: number;
  /** Ledger outcomes: linked, unlinked, in-review, dead-lettered. */
  outcomes: Readonly<Record<string, number>>;
  /** Connecting → the last batch committed and its matches published (disconnect not included). */
  seconds: number;
  /** Of `seconds`: deciding links and writing them (inside each batch's transaction). */
  handleSeconds: number;
  /** Of `seconds`: the handler's work after each commit (the outbox relay publishing, and anything else the matcher does then). */
  afterCommitSeconds: number;
  eventsPerSecond: number;
  matchesPerSecond: number;
}>;

/**
 * Everything the matcher keeps in PostgreSQL, keyed by consumer name where the table is shared.
 * Forgetting all of it makes the next run a first run: offset zero, nothing in its ledger or outbox,
 * no links it believes it already published. When the matcher gains a table, add it here; the
 * check on published links (see `decidedLinks`) shows in the report when one was missed.
 */
const matcherState: ReadonlyArray<{ table: string; byConsumer: boolean }> = [
  { table: 'consumer_offsets', byConsumer: true },
  { table: 'matcher_cohort_position', byConsumer: true },
  { table: 'matcher_ledger', byConsumer: false },
  { table: 'matcher_links', byConsumer: false },
  { table: 'rematch_requests', byConsumer: false },
  { table: 'outbox', byConsumer: false },
];

/**
 * The matches it published stay on the topic; their ids are deterministic, so a projection would
 * de-duplicate the repeats.
 */
export async function resetMatcher(db: Knex, consumer: string): Promise<void> {
  await db.transaction(async (trx) => {
    for (const { table, byConsumer } of matcherState) {
      // Tables come and go with migrations; a missing one holds no state.
      if (!(await trx.schema.hasTable(table))) continue;
      await (byConsumer ? trx(table).where({ consumer }) : trx(table)).delete();
    }
  });
}

/** How long building the matcher's in-memory index from the cohort projection takes (part of every run). */
export async function timeCohortLoad(db: Knex): Promise<{ members: number; seconds: number }> {
  const started = performance.now();
  await new MatcherCohort().refresh(db);
  const seconds = (performance.now() - started) / 1000;
  const [{ count }] = await db('members').where({ removed: false }).count({ count: '*' });
  return { members: Number(count), seconds };
}

async function publishedCounts(runtime: Runtime): Promise<Record<'matches' | 'reviews' | 'deadLetters', bigint>> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    const total = async (topic: string) => [...(await highWatermarks(admin, topic)).values()].reduce((sum, high) => sum + high, 0n);
    return { matches: await total(runtime.topics.matches), reviews: await total(runtime.topics.reviews), deadLetters: await total(runtime.topics.deadLetters) };
  } finally {
    await admin.disconnect();
  }
}

export async function measureMatcherThroughKafka(runtime: Runtime, options: { timeoutMs: number }): Promise<MatcherRun> {
  const inner = handlerFor(runtime, 'matcher');
  await resetMatcher(runtime.db, inner.consumer);
  const before = await publishedCounts(runtime);

  const startedAt = performance.now();
  const deadline = startedAt + options.timeoutMs;
  const overTime = () =>
    new LiveRiskError('INTERNAL', `the matcher did not catch up within ${options.timeoutMs / 1000} s`, { hint: 'is the machine overloaded? try again with --quick' });
  let lastAt = startedAt;
  let handleMs = 0;
  let afterCommitMs = 0;
  const watched: BatchHandler = {
    consumer: inner.consumer,
    topics: inner.topics,
    handleBatch: async (trx: Knex.Transaction, messages: readonly ConsumedMessage[]) => {
      const at = performance.now();
      // Failing the batch is the consumer's own way to stop: it rolls back and disconnects.
      if (at > deadline) throw overTime();
      const outcomes = await inner.handleBatch(trx, messages);
      handleMs += performance.now() - at;
      return outcomes;
    },
    reject: (trx, message, rejection) => inner.reject(trx, message, rejection),
    afterCommit: async () => {
      const at = performance.now();
      await inner.afterCommit?.();
      lastAt = performance.now();
      afterCommitMs += lastAt - at;
    },
  };

  let timer: NodeJS.Timeout | undefined;
  // A backstop for a consumer that never gets a batch (a group that never settles).
  const backstop = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(overTime()), options.timeoutMs + 30_000)));
  let events: number;
  try {
    events = await Promise.race([
      runOffsetConsumer(consumerDepsOf(runtime), watched, { kind: 'catch-up' }),
      backstop,
    ]);
  } finally {
    clearTimeout(timer);
  }
  // What catchUp does last; normally nothing is left, since every batch flushed its own.
  if ((await runtime.outbox.flush()) > 0) lastAt = performance.now();

  const after = await publishedCounts(runtime);
  const rows: Array<{ outcome: string; count: string; links: string }> = await runtime
    .db('matcher_ledger')
    .groupBy('outcome')
    .select('outcome')
    .count({ count: '*' })
    .sum({ links: 'links' });
  const seconds = (lastAt - startedAt) / 1000;
  const matchesPublished = Number(after.matches - before.matches);
  return {
    events,
    matchesPublished,
    reviewsPublished: Number(after.reviews - before.reviews),
    deadLetters: Number(after.deadLetters - before.deadLetters),
    decidedLinks: rows.reduce((sum, row) => sum + Number(row.links ?? 0), 0),
    outcomes: Object.fromEntries(rows.map((row) => [row.outcome, Number(row.count)])),
    seconds,
    handleSeconds: handleMs / 1000,
    afterCommitSeconds: afterCommitMs / 1000,
    eventsPerSecond: seconds > 0 ? events / seconds : 0,
    matchesPerSecond: seconds > 0 ? matchesPublished / seconds : 0,
  };
}
