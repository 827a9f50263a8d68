import type { Knex } from 'knex';
import { consumerRegistry, offsetsKeyOf, type ConsumerName } from './registry';

/**
 * Empties what a consumer owns (its tables and its stored offsets) in one transaction, so its next
 * run reads its topics from the start: `live-risk rebuild`. For a projection that is all of its
 * state. For the matcher it is its ledger and re-matching state; the links it published
 * (`matcher_links`) are kept, so re-reading the agency topics publishes no link twice. The caller
 * must hold the consumer's writer lock, so no running copy writes meanwhile.
 */
export async function resetConsumer(db: Knex, name: ConsumerName): Promise<void> {
  await db.transaction(async (trx) => {
    for (const table of consumerRegistry[name].tables) await trx(table).delete();
    await trx('consumer_offsets').where({ consumer: offsetsKeyOf(name) }).delete();
    // Its next run finds again whatever expired before it could read it (platform/expired-gaps.ts).
    await trx('consumer_gaps').where({ consumer: offsetsKeyOf(name) }).delete();
  });
}
