import type { Knex } from 'knex';

/**
 * Issue 4: when each match reached us (digest cut-offs compare it), which items each digest carried
 * (so a late event appears exactly once), the digest job's own ledger (exactly one digest per
 * practitioner per day), and the notification emails waiting to go or sent.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('matches', (t) => {
    t.timestamp('received_at', { useTz: true });
    t.text('context');
    t.index(['family_id', 'occurred_at']);
  });
  await db.schema.alterTable('digests', (t) => {
    t.timestamp('cut_off', { useTz: true });
    t.text('rule_set_version');
  });
  // Projection of digests.v1: one row per item a practitioner has been shown.
  await db.schema.createTable('digest_items', (t) => {
    t.text('practitioner_id').notNullable();
    t.text('match_id').notNullable();
    t.text('digest_id').notNullable();
    t.date('digest_date').notNullable();
    t.text('timing').notNullable();
    t.primary(['practitioner_id', 'match_id']);
    t.index(['digest_id']);
  });
  // The digest job's own record, written in the transaction that queues the digest for publishing.
  await db.schema.createTable('digest_ledger', (t) => {
    t.text('practitioner_id').notNullable();
    t.date('digest_date').notNullable();
    t.text('digest_id').notNullable().unique();
    t.timestamp('window_from', { useTz: true }).notNullable();
    t.timestamp('window_to', { useTz: true }).notNullable();
    t.timestamp('cut_off', { useTz: true }).notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['practitioner_id', 'digest_date']);
  });
  await db.schema.createTable('notifications', (t) => {
    t.text('digest_id').primary();
    t.text('practitioner_id').notNullable();
    t.text('status').notNullable().comment('pending | sent | skipped');
    t.jsonb('email').comment('the composed email; it carries no personal data about families');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.index(['status']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['notifications', 'digest_ledger', 'digest_items']) await db.schema.dropTableIfExists(table);
  await db.schema.alterTable('digests', (t) => {
    t.dropColumn('cut_off');
    t.dropColumn('rule_set_version');
  });
  await db.schema.alterTable('matches', (t) => {
    t.dropIndex(['family_id', 'occurred_at']);
    t.dropColumn('received_at');
    t.dropColumn('context');
  });
}
