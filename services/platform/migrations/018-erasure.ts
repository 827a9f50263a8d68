import type { Knex } from 'knex';

/**
 * Issue 14, part 3: erasure by crypto-shredding (services/sealing).
 *
 * - `family_keys`: one AES-256 data key per family, wrapped (AES-256-GCM) by the master key in
 *   LIVE_RISK_MASTER_KEY_FILE; `master_key_id` says which master key wrapped it. Erasure sets
 *   `destroyed_at` and nulls the key: the row stays so nothing seals for that family again.
 *   NOT a projection: nothing can rebuild it from Kafka, `rebuild` and `reset` never touch it, and
 *   it must be backed up with the database (losing it makes every sealed field unreadable).
 * - `erasure_holds`: safeguarding holds that block erasure, with who placed them, why, and when they
 *   were released. Not a projection either.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('family_keys', (t) => {
    t.text('family_id').primary();
    t.binary('wrapped_key').comment('the data key, AES-256-GCM under the master key; null once destroyed');
    t.binary('iv');
    t.binary('tag');
    t.text('master_key_id').notNullable().comment('first 16 hex of SHA-256 of the master key that wrapped it');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('destroyed_at', { useTz: true }).comment('set by erasure; the key is gone for good');
  });
  await db.schema.createTable('erasure_holds', (t) => {
    t.bigIncrements('hold_id');
    t.text('family_id').notNullable().index();
    t.text('justification').notNullable();
    t.text('held_by').notNullable();
    t.timestamp('held_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('released_by');
    t.timestamp('released_at', { useTz: true });
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('erasure_holds');
  await db.schema.dropTableIfExists('family_keys');
}
