import type { IHeaders, Kafka } from 'kafkajs';
import type { Knex } from 'knex';
import type { DeadLetterReason } from '../contracts';
import { classifyError } from './classify-error';
import { LiveRiskError } from './errors';
import type { Logger } from './logger';
import { ensureOffsetsDescribeTopics, storedOffsets } from './offset-binding';
import { consumeHoldingLock } from './offset-reader';
import { acquireWriterLock, tryWriterLock, type WriterLock } from './writer-lock';

/**
 * A Kafka consumer whose offsets live in PostgreSQL, written in the same transaction as the rows the
 * handler writes. A crash before commit re-delivers the batch; a crash after commit skips it; so a
 * restart neither loses nor duplicates. Offsets are never committed to Kafka: PostgreSQL is the one
 * record of progress, and dropping a projection's rows together with its offsets rebuilds it.
 *
 * Around that core:
 * - one writer per consumer (writer-lock.ts): a second copy waits, or in a one-shot run, waits for
 *   the running copy to get there instead of reading itself;
 * - offsets bound to the log they index (offset-binding.ts), checked before reading and on every
 *   rebalance: a recreated topic or replaced cluster stops the consumer with what to do, never skips;
 * - one message that PostgreSQL cannot store is dead-lettered with the reason and the rest go on;
 *   only outages (retriable errors) stop a consumer, for its runner to resume.
 * - a Kafka consumer group of its own per run: offsets are not in Kafka, the lock already keeps one
 *   reader, and a fresh group never waits out a killed member's session (30 s) before reading.
 */
export type ConsumedMessage = Readonly<{
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  /** Set by readRanges (topic-range.ts) only; consumers never look at headers. */
  headers?: IHeaders;
}>;

/** How many messages of a batch ended how (`linked`, `dead-lettered`, `applied`, …), for metrics. */
export type BatchOutcomes = Readonly<Record<string, number>>;
export type Rejection = Readonly<{ reasonCode: DeadLetterReason; reason: string }>;

export interface BatchHandler {
  /** Stable name; the offsets rows (and the consumer group's stem) are keyed by it. */
  readonly consumer: string;
  readonly topics: readonly string[];
  /** Writes the effects of `messages` (all from one partition, in order) inside `trx`. */
  handleBatch(trx: Knex.Transaction, messages: readonly ConsumedMessage[]): Promise<BatchOutcomes>;
  /** Records, inside `trx`, that `message` is dead-lettered instead of applied (and whatever the consumer keeps per message). */
  reject(trx: Knex.Transaction, message: ConsumedMessage, rejection: Rejection): Promise<void>;
  /** Runs after each committed batch, outside the transaction (e.g. to publish an outbox). */
  afterCommit?(): Promise<void>;
}

/** What a running consumer tells whoever watches it (metrics, readiness). */
export interface ConsumerObserver {
  committed?(consumer: string, outcomes: BatchOutcomes): void;
  rebalanced?(consumer: string): void;
  state?(consumer: string, state: 'waiting-for-lock' | 'consuming' | 'stopped'): void;
}

export type RunMode =
  | { kind: 'catch-up'; onProgress?: (done: bigint, total: bigint) => void; onWaiting?: (reason: string) => void }
  | { kind: 'follow'; signal: AbortSignal };

export type ConsumerDeps = Readonly<{
  kafka: Kafka;
  db: Knex;
  /** The lock lives on a connection of its own, opened from this URL. */
  databaseUrl: string;
  clusterId: string;
  log: Logger;
  groupPrefix: string;
  observer?: ConsumerObserver;
}>;

export type Position = { topic: string; partition: number };

const remainingTo = (targets: ReadonlyMap<string, bigint>, stored: ReadonlyMap<string, bigint>) =>
  [...targets].reduce((sum, [key, high]) => sum + (high > (stored.get(key) ?? 0n) ? high - (stored.get(key) ?? 0n) : 0n), 0n);

/**
 * Consumes until caught up with the high watermarks seen at start (catch-up), or until the signal
 * aborts (follow). Returns how many messages this process applied. Throws classified errors: an
 * outage (retriable) for the runner to wait out, anything else to stop on.
 */
export async function runOffsetConsumer(deps: ConsumerDeps, handler: BatchHandler, mode: RunMode): Promise<number> {
  try {
    return await consume(deps, handler, mode);
  } catch (error) {
    // The service named here is only for a bare socket error, and kafkajs wraps every one of its own
    // (KafkaJSConnectionError) and the registry's client marks its own: a bare one is pg's, whose
    // pool hands up the raw ECONNREFUSED or ECONNRESET while PostgreSQL is down or restarting.
    throw classifyError(error, 'database');
  } finally {
    deps.observer?.state?.(handler.consumer, 'stopped');
  }
}

async function consume(deps: ConsumerDeps, handler: BatchHandler, mode: RunMode): Promise<number> {
  const targets = await ensureOffsetsDescribeTopics(deps, handler);
  const totalTarget = [...targets.values()].reduce((sum, value) => sum + value, 0n);
  const remaining = async () => remainingTo(targets, await storedOffsets(deps.db, handler.consumer));

  if (mode.kind === 'catch-up' && (await remaining()) === 0n) {
    await handler.afterCommit?.();
    return 0;
  }
  let lock: WriterLock | null;
  if (mode.kind === 'catch-up') {
    lock = await tryWriterLock(deps.databaseUrl, handler.consumer);
    if (!lock) return waitForOtherWriter(handler, mode, remaining, totalTarget);
  } else {
    deps.observer?.state?.(handler.consumer, 'waiting-for-lock');
    lock = await acquireWriterLock(deps.databaseUrl, handler.consumer, {
      signal: mode.signal,
      onWaiting: () => deps.log.warn('another copy of this consumer is running; waiting for it to stop', { consumer: handler.consumer }),
    });
    if (!lock) return 0;
    // The offsets may have moved while we waited: check them again before reading.
    await ensureOffsetsDescribeTopics(deps, handler);
  }
  try {
    return await consumeHoldingLock(deps, handler, mode, lock, remaining, totalTarget);
  } finally {
    await lock.release();
  }
}

/** A one-shot run that finds another copy at work: that copy reads; this one waits for it to get there. */
async function waitForOtherWriter(
  handler: BatchHandler,
  mode: Extract<RunMode, { kind: 'catch-up' }>,
  remaining: () => Promise<bigint>,
  totalTarget: bigint,
): Promise<number> {
  mode.onWaiting?.(`another copy of ${handler.consumer} is running; waiting for it to catch up instead of reading`);
  const limitMs = 10 * 60_000;
  let last = -1n;
  let lastMoved = Date.now();
  for (;;) {
    const left = await remaining();
    mode.onProgress?.(totalTarget - left, totalTarget);
    if (left === 0n) return 0;
    if (left !== last) lastMoved = Date.now();
    last = left;
    if (Date.now() - lastMoved > limitMs) {
      throw new LiveRiskError('CONSUMERS_LAGGING', `${handler.consumer} is held by another process that made no progress for ${limitMs / 60_000} minutes (${left} messages behind)`, {
        retriable: true,
        hint: 'check the running consumers (`live-risk status`, their logs and /readyz); stop a stuck one and this run takes over',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

