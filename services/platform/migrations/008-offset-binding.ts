import type { Knex } from 'knex';

/**
 * Issue 12: a stored offset is only meaningful for the log it was read from. If a topic is deleted
 * and recreated, or the Kafka cluster replaced or restored, while PostgreSQL keeps its offsets, new
 * messages arrive at offsets a consumer believes it has read, and would be skipped without a word.
 *
 * So each offset row also records which log it indexes: the Kafka cluster's id, and the broker's
 * timestamp (LogAppendTime, so it only moves forward within a partition) of the last message
 * applied. A consumer checks both before it reads (see offset-binding.ts). Null in rows written
 * before this migration: those are checked by offsets alone until their next commit fills them in.
 *
 * The outbox gains a parking place: a row Kafka or the contract refuses for good (not an outage) is
 * marked failed with the reason, so one bad row never stops every later one from being published;
 * `live-risk status` reports parked rows until someone deals with them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('consumer_offsets', (t) => {
    t.text('cluster_id').comment('the Kafka cluster the offset was read from');
    t.bigInteger('last_timestamp').comment('broker timestamp (ms) of the last applied message');
  });
  await db.schema.alterTable('outbox', (t) => {
    t.timestamp('failed_at', { useTz: true }).comment('set when the row can never be published; it is then skipped');
    t.text('failure').comment('why it cannot be published');
  });
  await db.raw('create index outbox_unpublished on outbox (id) where published_at is null and failed_at is null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists outbox_unpublished');
  await db.schema.alterTable('outbox', (t) => {
    t.dropColumn('failure');
    t.dropColumn('failed_at');
  });
  await db.schema.alterTable('consumer_offsets', (t) => {
    t.dropColumn('last_timestamp');
    t.dropColumn('cluster_id');
  });
}
