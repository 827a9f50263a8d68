import type { Knex } from 'knex';

/**
 * The practitioner portal (services/portal):
 * - `portal_accounts`: how a practitioner signs in. A password hash (scrypt, with its parameters
 *   and salt in the stored string) or, instead, an identity provider and subject, so a council's
 *   OIDC provider can replace passwords without a new table. Failed attempts and a lock-out time.
 * - `portal_sessions`: signed-in sessions. Only a SHA-256 of the cookie's token is stored, so a
 *   copy of this table cannot be used to sign in; each session has its own CSRF secret.
 * - `family_cover`: a manager's assignment of another practitioner to cover a family, from/until.
 * - `acknowledgements`: projection of acknowledgements.v1 (services/projector).
 * Accounts, sessions and cover are the portal's own state, not projections.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('portal_accounts', (t) => {
    t.text('practitioner_id').primary();
    t.text('password_hash').comment('scrypt$N$r$p$salt$hash (base64url); null when signing in through an identity provider');
    t.text('identity_provider').comment('OIDC issuer, when the council signs practitioners in through one');
    t.text('subject').comment("the provider's subject (sub) claim for this practitioner");
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('password_changed_at', { useTz: true });
    t.timestamp('last_signed_in_at', { useTz: true });
    t.unique(['identity_provider', 'subject']);
  });
  await db.schema.createTable('portal_sessions', (t) => {
    t.text('token_hash').primary().comment('SHA-256 of the session cookie value; the token itself is never stored');
    t.text('practitioner_id').notNullable();
    t.text('csrf_secret').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['practitioner_id']);
    t.index(['expires_at']);
  });
  await db.schema.createTable('family_cover', (t) => {
    t.bigIncrements('id');
    t.text('family_id').notNullable();
    t.text('practitioner_id').notNullable().comment('the practitioner covering');
    t.text('assigned_by').notNullable().comment('the manager who assigned the cover');
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).comment('null: until ended');
    t.text('reason');
    t.index(['practitioner_id', 'family_id']);
    t.index(['family_id']);
  });
  await db.schema.createTable('acknowledgements', (t) => {
    t.text('acknowledgement_id').primary();
    t.text('practitioner_id').notNullable();
    t.text('match_id').notNullable();
    t.text('family_id').notNullable();
    t.text('digest_id').notNullable();
    t.timestamp('acknowledged_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    t.index(['practitioner_id', 'match_id']);
    t.index(['family_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['acknowledgements', 'family_cover', 'portal_sessions', 'portal_accounts']) await db.schema.dropTableIfExists(table);
}
