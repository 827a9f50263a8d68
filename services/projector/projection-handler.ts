import type { Knex } from 'knex';
import type { z } from 'zod';
import { deadLetterFor, deadLetterOutboxMessage } from '../platform/dead-letter';
import { decodeMessage, type Erased } from '../platform/decode-message';
import type { BatchHandler, ConsumedMessage } from '../platform/offset-consumer';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';

/**
 * A projection: one topic into PostgreSQL tables. `apply` must be idempotent on the event's own id,
 * so re-published derived events never duplicate rows. `tables` are what `rebuild` empties.
 */
export type Projection<S extends z.ZodType> = Readonly<{
  name: string;
  topic: string;
  schema: S;
  tables: readonly string[];
  apply(trx: Knex.Transaction, event: z.output<S>, message: ConsumedMessage): Promise<void>;
  /**
   * Optional: what an event about an erased family (services/sealing) leaves, from its clear fields
   * only: a projection that records which events it has applied records this one too, so a rebuild
   * after an erasure ends where the live projection does. Otherwise such events are skipped.
   */
  applyErased?(trx: Knex.Transaction, erased: Erased): Promise<void>;
  /**
   * Optional: the same effect as `apply` on each event in turn, in a few statements. High-volume
   * projections need it: a round trip per event caps a replay at a few hundred events a second.
   */
  applyMany?(trx: Knex.Transaction, events: ReadonlyArray<Decoded<S>>): Promise<void>;
  /**
   * Optional: true when every row the projection writes, and every row it checks, is reached only
   * from messages of one partition (its keys derive from the message key). A replay then applies the
   * partitions concurrently and still ends with exactly the rows of one partition after another.
   */
  independentPartitions?: boolean;
}>;
export type Decoded<S extends z.ZodType> = Readonly<{ event: z.output<S>; message: ConsumedMessage }>;

/** Records events about erased families where the projection asks to; they are never dead letters. */
export async function applyErasedEvents(trx: Knex.Transaction, projection: Projection<z.ZodType>, erased: readonly Erased[]): Promise<void> {
  if (projection.applyErased) for (const event of erased) await projection.applyErased(trx, event);
}

/** Applies decoded events in order, in one go where the projection can. */
export async function applyEvents<S extends z.ZodType>(trx: Knex.Transaction, projection: Projection<S>, events: ReadonlyArray<Decoded<S>>): Promise<void> {
  if (projection.applyMany) return projection.applyMany(trx, events);
  for (const { event, message } of events) await projection.apply(trx, event, message);
}

export function projectionHandler<S extends z.ZodType>(
  runtime: Pick<Runtime, 'topics' | 'deserializer' | 'outbox'>,
  projection: Projection<S>,
): BatchHandler {
  return {
    consumer: `projection.${projection.name}`,
    topics: [projection.topic],
    handleBatch: async (trx, messages) => {
      const rejected = [];
      const accepted: Array<Decoded<S>> = [];
      const erased: Erased[] = [];
      for (const message of messages) {
        const decoded = await decodeMessage(message.value, message.topic, projection.schema, runtime.deserializer);
        if (decoded.ok) accepted.push({ event: decoded.event, message });
        else if (decoded.erased) erased.push(decoded);
        else rejected.push(deadLetterOutboxMessage(runtime.topics.deadLetters, deadLetterFor(message, decoded, new Date().toISOString())));
      }
      await applyEvents(trx, projection, accepted);
      await applyErasedEvents(trx, projection as Projection<z.ZodType>, erased);
      await addToOutbox(trx, rejected);
      return { applied: accepted.length, 'dead-lettered': rejected.length, ...(erased.length > 0 ? { erased: erased.length } : {}) };
    },
    reject: async (trx, message, rejection) => {
      await addToOutbox(trx, [deadLetterOutboxMessage(runtime.topics.deadLetters, deadLetterFor(message, rejection, new Date().toISOString()))]);
    },
    afterCommit: async () => {
      await runtime.outbox.flush();
    },
  };
}
