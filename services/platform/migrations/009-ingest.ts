import type { Knex } from 'knex';

/**
 * Issue 13, the HTTPS ingest API (services/ingest).
 *
 * `ingest_api_keys`: one row per agency API key. The secret is 256 random bits shown once when the
 * key is issued; only its SHA-256 is kept (a slow password hash buys nothing against a secret that
 * cannot be guessed). Revoked keys stay, so `ingest key list` and the audit can say who sent what.
 *
 * `ingest_events`: one row per (agency, eventId) the API has ever been asked to publish, with the
 * SHA-256 of its validated content. It is what makes the API idempotent: a retry with the same
 * content answers as the first time and publishes nothing; other content under the same id is a
 * conflict. `attempts` counts publications started and is committed *before* each one goes to
 * Kafka, `published_at` only after Kafka acknowledged it: a row with attempts > 0 and no
 * published_at is an attempt whose outcome nobody saw (see services/ingest/accept.ts).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('ingest_api_keys', (t) => {
    t.text('key_id').primary().comment('the public half of the key, shown in lists and logs');
    t.text('agency').notNullable().comment('the agency the key publishes as');
    t.binary('secret_sha256').notNullable().comment('SHA-256 of the secret half; the secret itself is never stored');
    t.text('label').comment('who or what holds the key, for the operator');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
  });
  await db.schema.createTable('ingest_events', (t) => {
    t.text('agency').notNullable();
    t.text('event_id').notNullable();
    t.text('content_sha256').notNullable().comment('hex SHA-256 of the validated event, keys sorted');
    t.text('key_id').notNullable().comment('the API key that first sent it');
    t.integer('attempts').notNullable().defaultTo(0).comment('publications started (committed before each send)');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('published_at', { useTz: true }).comment('when Kafka acknowledged it (acks from all in-sync replicas)');
    t.primary(['agency', 'event_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('ingest_events');
  await db.schema.dropTable('ingest_api_keys');
}
