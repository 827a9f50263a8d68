import type { Knex } from 'knex';
import type { z } from 'zod';
import { projectionNames } from '../consumers/registry';
import { LiveRiskError } from '../platform/errors';
import type { PartitionRange } from '../platform/topic-range';
import { projections, type Projection, type ProjectionName } from '../projector';
import type { AnalystRuntime } from './analyst-runtime';
import { pseudonymiseSchema } from './pseudonymise-schema';
import type { Pseudonymiser } from './pseudonymise';
import { asOwner, createReplaySchema, dropReplaySchema, schemaExists } from './replay-schema';
import { rangesForWindow, rangesUpToLive, rangeSize, type Window } from './replay-ranges';
import { replayProjection, type ProjectionReplay } from './replay-projection';

/**
 * `live-risk replay`: every projection rebuilt from Kafka history into a schema of its own. Only the
 * projections run: not the matcher, not the digest job (they decide; a replay reproduces what was
 * decided, from the topics where those decisions were published), and nothing is published.
 */
export const replayOrder: readonly ProjectionName[] = projectionNames;

export type ReplayPlan = Readonly<{
  projection: ProjectionName;
  ranges: readonly PartitionRange[];
  messages: number;
  /** How many messages the live projection is behind its topic (--verify only). */
  behind: number;
}>;

export type ReplayReport = Readonly<{
  schema: string;
  plans: readonly ReplayPlan[];
  replays: readonly ProjectionReplay[];
  /** Rows per projection table in the replay schema. */
  tables: ReadonlyArray<Readonly<{ projection: ProjectionName; table: string; rows: number }>>;
  seconds: number;
}>;

export type ReplayProgress = (projection: ProjectionName, done: number, total: number) => void;

export function projectionsByName(runtime: AnalystRuntime): Record<ProjectionName, Projection<z.ZodType>> {
  return projections(runtime.topics) as unknown as Record<ProjectionName, Projection<z.ZodType>>;
}

/** A window of history (`--from`/`--to`), or exactly what the live projections have applied (`--verify`). */
export async function planReplay(runtime: AnalystRuntime, bounds: { window: Window } | { upToLive: true }): Promise<ReplayPlan[]> {
  const all = projectionsByName(runtime);
  const plans: ReplayPlan[] = [];
  for (const name of replayOrder) {
    const projection = all[name];
    const { ranges, behind } =
      'window' in bounds
        ? { ranges: await rangesForWindow(runtime.source.kafka, projection.topic, bounds.window), behind: 0n }
        : await rangesUpToLive(runtime.source.kafka, runtime.live, projection.topic, `projection.${name}`);
    plans.push({ projection: name, ranges, messages: rangeSize(ranges), behind: Number(behind) });
  }
  return plans;
}

export type ReplayIntoOptions = Readonly<{
  schema: string;
  plans: readonly ReplayPlan[];
  window: Window;
  /** Drop an existing schema of the same name first; otherwise an existing one is an error. */
  replace: boolean;
  /** Pseudonymise the schema once built; null leaves raw values (`--raw`, audited by the caller). */
  pseudonymiser: Pseudonymiser | null;
  onProgress: ReplayProgress;
}>;

export async function replayInto(runtime: AnalystRuntime, options: ReplayIntoOptions): Promise<ReplayReport> {
  const { schema } = options;
  if (await schemaExists(runtime.live, schema)) {
    if (!options.replace) {
      throw new LiveRiskError('INPUT_INVALID', `schema ${schema} already exists`, {
        hint: 'choose another name, or pass --replace to drop it and replay again',
      });
    }
    await dropReplaySchema(runtime.config.databaseUrl, schema);
  }
  const startedAt = new Date();
  const started = performance.now();
  const db = await createReplaySchema(runtime.config.databaseUrl, schema, runtime.role);
  let finished = false;
  try {
    const all = projectionsByName(runtime);
    const replays: ProjectionReplay[] = [];
    for (const plan of options.plans) {
      replays.push(await replayProjection(runtime.source, db, all[plan.projection], plan.ranges, (done) => options.onProgress(plan.projection, done, plan.messages)));
    }
    const { pseudonymiser } = options;
    if (pseudonymiser) await asOwner(runtime.config.databaseUrl, schema, (owner) => pseudonymiseSchema(owner, schema, pseudonymiser));
    const tables = await countRows(db, options.plans.map((plan) => plan.projection), all);
    await db('replay_info').insert({
      started_at: startedAt,
      finished_at: new Date(),
      window_from: options.window.from ?? null,
      window_to: options.window.to ?? null,
      messages: replays.reduce((sum, replay) => sum + replay.messages, 0),
      pseudonymised: options.pseudonymiser !== null,
    });
    finished = true;
    return { schema, plans: options.plans, replays, tables, seconds: (performance.now() - started) / 1000 };
  } finally {
    await db.destroy();
    // Half a replay looks like a whole one to whoever queries it later: it goes.
    if (!finished) await dropReplaySchema(runtime.config.databaseUrl, schema).catch(() => undefined);
  }
}

async function countRows(db: Knex, names: readonly ProjectionName[], all: Record<ProjectionName, Projection<z.ZodType>>) {
  const tables = [];
  for (const projection of names) {
    for (const table of all[projection].tables) {
      const [{ n }] = await db(table).count({ n: '*' });
      tables.push({ projection, table, rows: Number(n) });
    }
  }
  return tables;
}
