import type { Knex } from 'knex';

/**
 * Every table except consumer_offsets, matcher_ledger and outbox is a projection of a Kafka topic
 * and can be dropped and rebuilt by replaying it (`live-risk rebuild`).
 */
export async function up(db: Knex): Promise<void> {
  // Where each consumer has got to, written in the same transaction as its rows.
  await db.schema.createTable('consumer_offsets', (t) => {
    t.text('consumer').notNullable();
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('next_offset').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['consumer', 'topic', 'partition']);
  });

  // Projection of cohort.events.v1.
  await db.schema.createTable('practitioners', (t) => {
    t.text('practitioner_id').primary();
    t.text('name').notNullable();
    t.text('email').notNullable();
  });
  await db.schema.createTable('families', (t) => {
    t.text('family_id').primary();
    t.text('reference').notNullable();
    t.text('practitioner_id');
    t.text('address_line1').notNullable();
    t.text('address_line2');
    t.text('town');
    t.text('postcode').notNullable();
    t.text('uprn');
    t.text('address_key').notNullable().comment('normalised first line + postcode, for household matching');
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('enrolled_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.index(['uprn']);
    t.index(['address_key']);
    t.index(['practitioner_id']);
  });
  await db.schema.createTable('members', (t) => {
    t.text('member_id').primary();
    t.text('family_id').notNullable();
    t.text('given_name').notNullable();
    t.text('family_name').notNullable();
    t.date('date_of_birth');
    t.text('nhs_number');
    t.text('pnc_id');
    t.text('name_key').notNullable().comment('normalised family name + given name');
    t.boolean('removed').notNullable().defaultTo(false);
    t.index(['nhs_number']);
    t.index(['pnc_id']);
    t.index(['name_key', 'date_of_birth']);
    t.index(['family_id']);
  });
  await db.schema.createTable('consents', (t) => {
    t.text('family_id').notNullable();
    t.text('member_id').notNullable().defaultTo('').comment("'' means the whole family");
    t.text('purpose').notNullable();
    t.text('basis');
    t.text('status').notNullable();
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.primary(['family_id', 'member_id', 'purpose']);
  });
  await db.schema.createTable('cohort_applied_events', (t) => {
    t.text('event_id').primary();
  });

  // The matcher's ledger: one row per agency message, so counts reconcile with the topics.
  await db.schema.createTable('matcher_ledger', (t) => {
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('offset').notNullable();
    t.text('outcome').notNullable().comment('linked | unlinked | dead-lettered');
    t.integer('links').notNullable().defaultTo(0);
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['topic', 'partition', 'offset']);
  });
  // Messages decided in a transaction and published to Kafka after it commits.
  await db.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('topic').notNullable();
    t.text('message_key').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('published_at', { useTz: true });
    t.index(['published_at', 'id']);
  });

  // Projection of matches.v1.
  await db.schema.createTable('matches', (t) => {
    t.text('match_id').primary();
    t.text('family_id').notNullable();
    t.text('agency').notNullable();
    t.text('category').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('reported_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    t.index(['family_id', 'reported_at']);
    t.index(['reported_at']);
  });

  // Projection of digests.v1.
  await db.schema.createTable('digests', (t) => {
    t.text('digest_id').primary();
    t.text('practitioner_id').notNullable();
    t.date('digest_date').notNullable();
    t.timestamp('window_from', { useTz: true }).notNullable();
    t.timestamp('window_to', { useTz: true }).notNullable();
    t.integer('item_count').notNullable();
    t.jsonb('payload').notNullable();
    t.unique(['practitioner_id', 'digest_date']);
  });

  // Projection of dead-letter.v1.
  await db.schema.createTable('dead_letters', (t) => {
    t.text('dead_letter_id').primary();
    t.text('source_topic').notNullable();
    t.integer('source_partition').notNullable();
    t.bigInteger('source_offset').notNullable();
    t.text('reason_code').notNullable();
    t.text('reason').notNullable();
    t.timestamp('dead_lettered_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'dead_letters', 'digests', 'matches', 'outbox', 'matcher_ledger', 'cohort_applied_events',
    'consents', 'members', 'families', 'practitioners', 'consumer_offsets',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
