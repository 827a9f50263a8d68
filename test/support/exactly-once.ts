import type { Knex } from 'knex';
import { agencies, agencyOf, agencyTopicIds, type TopicNames } from '../../services/contracts';
import { highWatermarks } from '../../services/platform/kafka';
import { publishEvents } from '../../services/platform/publish';
import type { Runtime } from '../../services/platform/runtime';
import { generateAgencyEvents, type SyntheticCouncil } from '../../pipelines/synthetic-council';

/**
 * What "nothing lost or duplicated" means for the matcher and what it publishes, checked from
 * PostgreSQL after a run that survived a crash or an outage (restart.int.spec.ts asks the same):
 * - exactly one matcher_ledger row per message of every agency partition, none missing, none twice;
 * - nothing decided is left unpublished in the outbox, and nothing was parked;
 * - each match decided once (one outbox row per match id), and each in the matches projection.
 */
export type AgencyPartition = Readonly<{ topic: string; partition: number; high: bigint }>;

export async function agencyPartitions(runtime: Pick<Runtime, 'kafka' | 'topics'>): Promise<AgencyPartition[]> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    const found: AgencyPartition[] = [];
    for (const id of agencyTopicIds) {
      for (const [partition, high] of await highWatermarks(admin, runtime.topics[id])) found.push({ topic: runtime.topics[id], partition, high });
    }
    return found;
  } finally {
    await admin.disconnect();
  }
}

/** Publishes each day's synthetic agency events to every agency topic: how many, and the size of the smallest. */
export async function publishAgencyDays(runtime: Runtime, council: SyntheticCouncil, dates: readonly string[], seed: number): Promise<{ published: number; smallestEventBytes: number }> {
  let published = 0;
  let smallestEventBytes = Infinity;
  for (const date of dates) {
    const day = generateAgencyEvents(council, { date, seed });
    for (const agency of agencies) {
      const events = day.events.map((e) => e.event).filter((event) => agencyOf(event) === agency);
      await publishEvents(runtime, agency, events, (event) => event.eventId);
      published += events.length;
      for (const event of events) smallestEventBytes = Math.min(smallestEventBytes, Buffer.byteLength(JSON.stringify(event)));
    }
  }
  return { published, smallestEventBytes };
}

export async function ledgerRows(db: Knex): Promise<number> {
  return Number((await db('matcher_ledger').count({ n: '*' }))[0].n);
}

export type ExactlyOnceFindings = Readonly<{
  /** Per partition: rows, distinct offsets and the last offset in the ledger, beside what Kafka holds. */
  ledger: ReadonlyArray<Readonly<{ topic: string; partition: number; rows: number; distinct: number; last: string }>>;
  expectedLedger: ReadonlyArray<Readonly<{ topic: string; partition: number; rows: number; distinct: number; last: string }>>;
  unpublished: number;
  parked: number;
  /** Match ids with more than one outbox row: decided twice. */
  decidedTwice: readonly string[];
  decided: readonly string[];
  projected: readonly string[];
}>;

export async function exactlyOnceFindings(db: Knex, topics: TopicNames, partitions: readonly AgencyPartition[]): Promise<ExactlyOnceFindings> {
  const ledger = [];
  for (const { topic, partition } of partitions) {
    const stats = await db('matcher_ledger')
      .where({ topic, partition })
      .first(db.raw('count(*)::int as rows'), db.raw('count(distinct "offset")::int as distinct_offsets'), db.raw('coalesce(max("offset"), -1)::bigint as last'));
    ledger.push({ topic, partition, rows: stats.rows, distinct: stats.distinct_offsets, last: String(stats.last) });
  }
  const expectedLedger = partitions.map(({ topic, partition, high }) => ({ topic, partition, rows: Number(high), distinct: Number(high), last: String(high - 1n) }));
  const count = async (query: Knex.QueryBuilder) => Number((await query.count({ n: '*' }))[0].n);
  const unpublished = await count(db('outbox').whereNull('published_at').whereNull('failed_at'));
  const parked = await count(db('outbox').whereNotNull('failed_at'));
  const decisions: Array<{ id: string; times: number }> = await db('outbox')
    .where('topic', topics.matches)
    .groupByRaw(`payload->>'matchId'`)
    .select(db.raw(`payload->>'matchId' as id`), db.raw('count(*)::int as times'));
  const projected: Array<{ match_id: string }> = await db('matches').select('match_id');
  return {
    ledger,
    expectedLedger,
    unpublished,
    parked,
    decidedTwice: decisions.filter((decision) => decision.times > 1).map((decision) => decision.id),
    decided: decisions.map((decision) => decision.id).sort(),
    projected: projected.map((row) => row.match_id).sort(),
  };
}

/** Everything "nothing lost or duplicated" asserts, after `published` agency messages in all. */
export async function expectExactlyOnce(runtime: Runtime, published: number): Promise<void> {
  const findings = await exactlyOnceFindings(runtime.db, runtime.topics, await agencyPartitions(runtime));
  expect(findings.ledger).toEqual(findings.expectedLedger);
  expect(findings.expectedLedger.reduce((sum, p) => sum + p.rows, 0)).toBe(published);
  expect({ unpublished: findings.unpublished, parked: findings.parked, decidedTwice: findings.decidedTwice }).toEqual({ unpublished: 0, parked: 0, decidedTwice: [] });
  expect(findings.decided.length).toBeGreaterThan(0);
  expect(findings.projected).toEqual(findings.decided);
}
