import type { Knex } from 'knex';

/**
 * Sessions signed in through the council's identity provider (services/portal/oidc). Such a session
 * remembers who the provider said it was (issuer, subject) and keeps the provider's refresh token,
 * so the portal can ask again, at most every OIDC_RECHECK_SECONDS, whether the person still may
 * sign in; a leaver's session ends at the next check. The refresh token and ID token are stored
 * sealed (AES-256-GCM, a key derived from the portal's client secret, bound to the session row),
 * never in clear: see "Signing in through the council's identity provider" in README.md.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('portal_sessions', (t) => {
    t.text('identity_provider').comment('OIDC issuer of the sign-in; null for a password sign-in');
    t.text('subject').comment("the provider's subject (sub) for this person");
    t.text('oidc_refresh_token').comment('sealed: AES-256-GCM under a key derived from the client secret, additional data = token_hash');
    t.text('oidc_id_token').comment('sealed like the refresh token; sent back as id_token_hint when signing out');
    t.timestamp('oidc_checked_at', { useTz: true }).comment('when the provider last confirmed this person');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('portal_sessions', (t) => {
    for (const column of ['oidc_checked_at', 'oidc_id_token', 'oidc_refresh_token', 'subject', 'identity_provider']) t.dropColumn(column);
  });
}
