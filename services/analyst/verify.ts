import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { assertOffsetsDescribeTopics } from '../consumers/progress';
import { projectionNames } from '../consumers/registry';
import { LiveRiskError } from '../platform/errors';
import type { AnalystRuntime } from './analyst-runtime';
import { compareTable, type TableComparison } from './compare';
import { pseudonymiseSchema } from './pseudonymise-schema';
import type { Pseudonymiser } from './pseudonymise';
import { asOwner, dropReplaySchema } from './replay-schema';
import { planReplay, projectionsByName, replayInto, type ReplayPlan, type ReplayProgress, type ReplayReport } from './replay';

/**
 * `replay --verify`: replay into a temporary schema exactly the messages the live projections have
 * applied, then compare every projection table row for row. The same history must give the same
 * rows: a difference is a bug in a projection (or someone edited the live tables).
 */
export type VerifyReport = Readonly<{
  replay: ReplayReport;
  comparisons: readonly TableComparison[];
  compared: number;
  identical: boolean;
  kept: boolean;
}>;

export type VerifyOptions = Readonly<{
  keep: boolean;
  /** Differences returned per table. */
  limit: number;
  /** For a kept schema; null keeps it raw (`--raw`). */
  pseudonymiser: Pseudonymiser | null;
  onProgress: ReplayProgress;
}>;

export async function verifyReplay(runtime: AnalystRuntime, options: VerifyOptions): Promise<VerifyReport> {
  await assertLiveOffsetsDescribeTopics(runtime);
  const plans = await planReplay(runtime, { upToLive: true });
  const schema = `replay_verify_${randomBytes(4).toString('hex')}`;
  let kept = false;
  try {
    // Raw while comparing: the live tables are raw. Pseudonymised afterwards if it is kept.
    const replay = await replayInto(runtime, { schema, plans, window: {}, replace: false, pseudonymiser: null, onProgress: options.onProgress });
    const all = projectionsByName(runtime);
    const comparisons = await runtime.live.transaction(
      async (trx) => {
        await assertLiveUnmoved(trx, plans);
        const found: TableComparison[] = [];
        for (const plan of plans) {
          for (const table of all[plan.projection].tables) found.push(await compareTable(trx, table, 'public', schema, options.limit));
        }
        return found;
      },
      { isolationLevel: 'repeatable read' },
    );
    const { pseudonymiser } = options;
    if (options.keep && pseudonymiser) await asOwner(runtime.config.databaseUrl, schema, (owner) => pseudonymiseSchema(owner, schema, pseudonymiser));
    kept = options.keep;
    return {
      replay,
      comparisons,
      compared: comparisons.reduce((sum, comparison) => sum + comparison.compared, 0),
      identical: comparisons.every((comparison) => comparison.differing === 0),
      kept,
    };
  } finally {
    if (!kept) await dropReplaySchema(runtime.config.databaseUrl, schema);
  }
}

/**
 * The comparison reads the live tables in one snapshot, and only means something if that snapshot
 * is of the same messages the replay read: a live consumer that moved on meanwhile is not a difference.
 */
async function assertLiveUnmoved(trx: Knex.Transaction, plans: readonly ReplayPlan[]): Promise<void> {
  for (const plan of plans) {
    const rows: Array<{ partition: number; next_offset: string }> = await trx('consumer_offsets')
      .where({ consumer: `projection.${plan.projection}` })
      .select('partition', 'next_offset');
    const now = new Map(rows.map((row) => [row.partition, BigInt(row.next_offset)]));
    for (const range of plan.ranges) {
      if ((now.get(range.partition) ?? range.from) !== range.to) {
        throw new LiveRiskError('INTERNAL', `the live ${plan.projection} projection applied more messages while the replay ran, so the two cannot be compared`, {
          retriable: true,
          hint: 'run `live-risk replay --verify` again when the consumers are idle (or stop `live-risk run --follow` for a moment)',
        });
      }
    }
  }
}

/**
 * The live offsets are what a verify replays up to: if they no longer describe the topics (recreated,
 * replaced), there is nothing to compare with, and reading up to them would wait for ever.
 */
async function assertLiveOffsetsDescribeTopics(runtime: AnalystRuntime): Promise<void> {
  const admin = runtime.source.kafka.admin();
  await admin.connect();
  try {
    const { clusterId } = await admin.describeCluster();
    const live = { kafka: runtime.source.kafka, db: runtime.live, topics: runtime.topics, kafkaClusterId: clusterId };
    await assertOffsetsDescribeTopics(live, projectionNames, admin);
  } finally {
    await admin.disconnect();
  }
}
