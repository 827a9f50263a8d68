import type { Knex } from 'knex';

/**
 * Issue 16, Operation Encompass.
 *
 * - `notifications` becomes the outbox of every email live-risk sends, not only digests: `kind`
 *   says what it announces (services/notify/queue-notification.ts queues them all the same way).
 *   `digest_id` keeps its name (renaming it would break every reader at once) but holds the id of
 *   whatever is announced: a digest id, an Encompass notification id, … ; `practitioner_id` is null
 *   for emails to a role mailbox (a school's designated safeguarding lead).
 * - `member_schools`: the cohort's roll feed (cohort event `member.school-recorded`), with history,
 *   so the school a child attended on the day of an incident is the one told.
 * - `encompass_ledger`: the Encompass decider's own record, one row per child and police event it
 *   decided, written in the transaction that advances its offsets (exactly once on restart).
 * - `encompass_notifications`: projection of encompass-notifications.v1, what schools read in the
 *   portal and what `live-risk encompass report` counts.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('notifications', (t) => {
    t.text('kind').notNullable().defaultTo('digest').comment('what the email announces: digest | encompass | …');
    t.setNullable('practitioner_id');
    t.index(['kind', 'status']);
  });
  await db.schema.createTable('member_schools', (t) => {
    t.text('member_id').notNullable();
    t.text('family_id').notNullable();
    t.date('valid_from').notNullable().comment('the day the member started at this school (or home education)');
    t.text('school_urn').comment('the school’s URN; null when home-educated or when no school is known');
    t.boolean('home_educated').notNullable().defaultTo(false);
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.primary(['member_id', 'valid_from']);
    t.index(['school_urn']);
  });
  await db.schema.createTable('encompass_ledger', (t) => {
    t.text('notification_id').primary();
    t.text('outcome').notNullable().comment('notified | withheld | undeliverable');
    t.text('match_id').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
  });
  await db.schema.createTable('encompass_notifications', (t) => {
    t.text('notification_id').primary();
    t.text('status').notNullable().comment('notified | withheld | undeliverable');
    t.text('recipient_kind').comment('school | council-team; null when undeliverable');
    t.text('school_urn');
    t.text('force').notNullable().comment("the publishing police force (the event's source organisation)");
    t.text('agency_event_id').notNullable();
    t.text('match_id').notNullable();
    t.text('family_id').notNullable();
    t.text('member_id').notNullable();
    t.jsonb('content').comment("exactly the force's Encompass field set; null unless notified");
    t.specificType('field_set', 'text[]');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('deadline', { useTz: true }).notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable().comment('when it was sent (notified), stopped (withheld) or found undeliverable');
    t.boolean('late_from_agency').notNullable().defaultTo(false);
    t.text('decision_id').comment('withheld: the sharing decision that stopped it');
    t.text('reason_code').comment('undeliverable: why');
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    t.index(['school_urn', 'decided_at']);
    t.index(['force', 'decided_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['encompass_notifications', 'encompass_ledger', 'member_schools']) await db.schema.dropTableIfExists(table);
  await db('notifications').whereNot('kind', 'digest').delete();
  await db.schema.alterTable('notifications', (t) => {
    t.dropIndex(['kind', 'status']);
    t.dropColumn('kind');
    t.dropNullable('practitioner_id');
  });
}
