import type { Knex } from 'knex';

/**
 * Portal roles (services/portal/roles.ts). An account holds its roles; a session holds a copy, taken
 * when it was created, so checking a request needs no second lookup. Existing accounts and sessions
 * are lead practitioners, which is all the portal knew before.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('portal_accounts', (t) => {
    t.specificType('roles', 'text[]').notNullable().defaultTo(db.raw(`'{lead-practitioner}'::text[]`));
  });
  await db.schema.alterTable('portal_sessions', (t) => {
    t.specificType('roles', 'text[]').notNullable().defaultTo(db.raw(`'{lead-practitioner}'::text[]`));
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('portal_sessions', (t) => t.dropColumn('roles'));
  await db.schema.alterTable('portal_accounts', (t) => t.dropColumn('roles'));
}
