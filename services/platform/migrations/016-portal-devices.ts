import type { Knex } from 'knex';

/**
 * Holding the portal under attack (services/portal):
 * - `portal_devices`: browsers a practitioner has signed in from before. The browser keeps a random
 *   token in a long-lived cookie; the table keeps only its SHA-256, like sessions. A sign-in from a
 *   known device is not held back by the account's back-off (which anyone can trigger by guessing),
 *   only by the device's own count of failures.
 * - `portal_sessions.device`: a coarse description of the browser ("Firefox on Windows"), for the
 *   sessions page; never the full User-Agent.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('portal_devices', (t) => {
    t.text('token_hash').primary().comment('SHA-256 of the device cookie value; the token itself is never stored');
    t.text('practitioner_id').notNullable();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true }).notNullable();
    t.index(['practitioner_id']);
  });
  await db.schema.alterTable('portal_sessions', (t) => {
    t.text('device').comment('a coarse description of the browser, e.g. "Firefox on Windows"');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('portal_sessions', (t) => t.dropColumn('device'));
  await db.schema.dropTable('portal_devices');
}
