import type { BatchHandler, BatchOutcomes, ConsumedMessage, ConsumerDeps, Position, Rejection } from './offset-consumer';
import { classifyError } from './classify-error';
import { offsetsInvalid } from './offset-binding';

/**
 * How a consumer's batch becomes rows and an advanced offset, in one PostgreSQL transaction, and how
 * one message PostgreSQL will not store is set aside as a dead letter so the rest go on.
 */
export type Applied = { count: number; outcomes: Record<string, number> };
const addOutcomes = (into: Record<string, number>, outcomes: BatchOutcomes) => {
  for (const [outcome, count] of Object.entries(outcomes)) into[outcome] = (into[outcome] ?? 0) + count;
};

/**
 * Asks the broker for the first offset of a partition whose timestamp is later than `timestamp`
 * (offset-binding.ts explains why that tells one log from another).
 */
export type FirstOffsetAfter = (position: Position, timestamp: bigint) => Promise<bigint>;

export type Run = Readonly<{ deps: ConsumerDeps; handler: BatchHandler; firstOffsetAfter: FirstOffsetAfter }>;

/**
 * One transaction: check the position is ours and still in the log it indexes, apply what is new in
 * `messages` (or dead-letter the one message given a `rejection`), and advance the stored offset
 * with the log it belongs to.
 */
async function commitBatch(run: Run, position: Position, messages: readonly ConsumedMessage[], rejection?: Rejection): Promise<Applied> {
  const { deps, handler } = run;
  return deps.db.transaction(async (trx) => {
    const row: { next_offset: string; cluster_id: string | null; last_timestamp: string | null } | undefined = await trx('consumer_offsets')
      .where({ consumer: handler.consumer, ...position })
      .forUpdate()
      .first('next_offset', 'cluster_id', 'last_timestamp');
    const next = row ? BigInt(row.next_offset) : 0n;
    if (row?.cluster_id && row.cluster_id !== deps.clusterId) {
      throw offsetsInvalid(handler.consumer, [
        { ...position, stored: next, low: null, high: null, kind: 'other-cluster', explanation: `it was read from Kafka cluster ${row.cluster_id}, and this is cluster ${deps.clusterId}` },
      ]);
    }
    // A re-delivery of what we applied is older than the last message we applied; anything newer
    // below our offset means the partition is another log now (the topic was recreated under us).
    const lastTimestamp = row?.last_timestamp ? BigInt(row.last_timestamp) : null;
    const newerBelow = lastTimestamp === null ? undefined : messages.find((message) => BigInt(message.offset) < next && BigInt(message.timestamp) > lastTimestamp);
    if (newerBelow) {
      throw offsetsInvalid(handler.consumer, [
        { ...position, stored: next, low: null, high: null, kind: 'different-log', explanation: `offset ${newerBelow.offset} arrived newer than the last message applied: the topic was deleted and recreated` },
      ]);
    }
    const fresh = messages.filter((message) => BigInt(message.offset) >= next);
    if (fresh.length === 0) return { count: 0, outcomes: {} };
    // Before going on from where we got to, make sure this is still the log we got there in: a
    // topic recreated under a running consumer hands it the new log's messages from the old
    // position on, and nothing else would show the ones before it were never read.
    if (lastTimestamp !== null && next > 0n) {
      const after = await run.firstOffsetAfter(position, lastTimestamp);
      if (after < next) {
        throw offsetsInvalid(handler.consumer, [
          { ...position, stored: next, low: null, high: null, kind: 'different-log', explanation: `messages before offset ${next} are newer than the last one this consumer applied: the topic was deleted and recreated under it` },
        ]);
      }
    }
    let outcomes: BatchOutcomes;
    if (rejection) {
      await handler.reject(trx, fresh[0], rejection);
      outcomes = { 'dead-lettered': 1 };
    } else {
      outcomes = await handler.handleBatch(trx, fresh);
    }
    const last = fresh[fresh.length - 1];
    await trx('consumer_offsets')
      .insert({
        consumer: handler.consumer,
        ...position,
        next_offset: (BigInt(last.offset) + 1n).toString(),
        cluster_id: deps.clusterId,
        last_timestamp: last.timestamp,
        updated_at: trx.fn.now(),
      })
      .onConflict(['consumer', 'topic', 'partition'])
      .merge(['next_offset', 'cluster_id', 'last_timestamp', 'updated_at']);
    return { count: fresh.length, outcomes };
  });
}

/**
 * Applies a batch; if PostgreSQL refuses its content (not an outage), applies its messages one by
 * one and dead-letters each one that is refused on its own, saying why. Outages and faults in our
 * code are thrown: retrying can help the first, and the second must not turn every message into a
 * dead letter.
 */
export async function commitIsolatingBadMessages(run: Run, position: Position, messages: readonly ConsumedMessage[]): Promise<Applied> {
  const { deps, handler } = run;
  try {
    return await commitBatch(run, position, messages);
  } catch (thrown) {
    const error = classifyError(thrown, 'database');
    if (error.code !== 'DATA_REJECTED' && error.code !== 'INPUT_INVALID') throw error;
    if (messages.length > 1) {
      const applied: Applied = { count: 0, outcomes: {} };
      for (const message of messages) {
        const one = await commitIsolatingBadMessages(run, position, [message]);
        applied.count += one.count;
        addOutcomes(applied.outcomes, one.outcomes);
      }
      return applied;
    }
    deps.log.warn('message could not be stored; dead-lettered, the consumer goes on', { consumer: handler.consumer, ...position, offset: messages[0].offset, code: error.code });
    return commitBatch(run, position, messages, { reasonCode: 'NOT_STORABLE', reason: `${error.message}; nothing from this message was stored` });
  }
}

