import type { Knex } from 'knex';
import { appendAuditEntries } from '../../audit';
import type { Logger } from '../../platform/logger';
import { storedRoles, type PortalRole } from '../roles';
import { endSession } from '../sessions';
import { rolesForPerson, rolesFromGroups } from './group-roles';
import { claimsFrom } from './decide';
import type { OidcProvider } from './provider';
import { seal, unseal, type SealKey } from './sealed';

/**
 * A session signed in through the provider carries the provider's refresh token (sealed, bound to
 * the session row). At most every OIDC_RECHECK_SECONDS, the next request spends it on a refresh
 * grant: the provider's "no" (invalid_grant: disabled, deleted, signed out there) ends the session;
 * a "yes" brings fresh groups, so roles follow the provider too, and no mapped group left ends it.
 *
 * Only one request per session does the check: it claims it by moving oidc_checked_at forward in
 * one UPDATE, so parallel requests neither refresh twice nor wait for each other.
 */
export type ProviderSessionDeps = Readonly<{ db: Knex; provider: OidcProvider; key: SealKey; log: Logger; now: () => Date }>;

export async function attachProvider(
  deps: ProviderSessionDeps,
  tokenHash: string,
  signedIn: Readonly<{ issuer: string; subject: string; refreshToken: string | undefined; idToken: string | undefined }>,
): Promise<void> {
  await deps.db('portal_sessions').where({ token_hash: tokenHash }).update({
    identity_provider: signedIn.issuer,
    subject: signedIn.subject,
    oidc_refresh_token: signedIn.refreshToken === undefined ? null : seal(deps.key, signedIn.refreshToken, tokenHash),
    oidc_id_token: signedIn.idToken === undefined ? null : seal(deps.key, signedIn.idToken, tokenHash),
    oidc_checked_at: deps.now(),
  });
}

export type CheckOutcome =
  /** Not a provider session, not due, or confirmed (its roles brought up to date in the row). */
  | Readonly<{ kind: 'current' }>
  | Readonly<{ kind: 'ended'; reason: 'refused-by-provider' | 'no-role' | 'unreadable-token' | 'another-person' }>
  | Readonly<{ kind: 'unavailable' }>;

type Claimed = { practitioner_id: string; roles: string[]; subject: string; oidc_refresh_token: string | null; previous: Date };

/** `tokenHash` is the session cookie's hash (sessions.ts); an unknown or expired one is left to the routes. */
export async function checkWithProvider(deps: ProviderSessionDeps, tokenHash: string): Promise<CheckOutcome> {
  const now = deps.now();
  const due = new Date(now.getTime() - deps.provider.settings.recheckSeconds * 1000);
  // The old row's value comes back through the self-join: the claim can be undone if the provider is down.
  const result = await deps.db.raw<{ rows: Claimed[] }>(
    `update portal_sessions s set oidc_checked_at = ?
       from portal_sessions old
      where s.token_hash = ? and old.token_hash = s.token_hash and s.identity_provider = ? and s.oidc_checked_at <= ? and s.expires_at > ?
      returning s.practitioner_id, s.roles, s.subject, s.oidc_refresh_token, old.oidc_checked_at as previous`,
    [now, tokenHash, deps.provider.issuer, due, now],
  );
  const claimed = result.rows[0];
  if (claimed === undefined) return { kind: 'current' };
  const session = { tokenHash, practitionerId: claimed.practitioner_id, roles: storedRoles(claimed.roles) };
  const end = async (reason: 'refused-by-provider' | 'no-role' | 'unreadable-token' | 'another-person', detail: string): Promise<CheckOutcome> => {
    await endSession(deps.db, session.tokenHash);
    await deps.db.transaction((trx) =>
      appendAuditEntries(trx, [{
        kind: 'refused',
        actor: session.practitionerId,
        recipient: session.practitionerId,
        justification: 'the identity provider no longer lets this person sign in (disabled, removed, signed out there, or no longer in a portal group): the session was ended',
        detail: { channel: 'portal', page: 'session-check', reason, provider: detail.slice(0, 200) },
      }], deps.now),
    );
    deps.log.info('portal session ended at the provider check', { reason });
    return { kind: 'ended', reason };
  };
  const refreshToken = claimed.oidc_refresh_token === null ? undefined : unseal(deps.key, claimed.oidc_refresh_token, session.tokenHash);
  // No refresh token (the provider gave none) or one we cannot open (the client secret was rotated): nothing to check with, so no session.
  if (refreshToken === undefined) return end('unreadable-token', 'no refresh token to check with');
  let outcome;
  try {
    outcome = await deps.provider.refresh(refreshToken);
  } catch (error) {
    // The provider is down: the check is not done, so the next request tries again.
    await deps.db('portal_sessions').where({ token_hash: session.tokenHash }).update({ oidc_checked_at: claimed.previous });
    deps.log.warn('portal could not check a session with the identity provider', { error: (error as Error).message });
    return { kind: 'unavailable' };
  }
  if (!outcome.ok) return end('refused-by-provider', outcome.error);
  let roles: readonly PortalRole[] = session.roles;
  if (outcome.claims !== undefined) {
    const claims = claimsFrom(deps.provider.issuer, outcome.claims);
    if (claims.subject !== claimed.subject) return end('another-person', 'the refreshed ID token is for another subject');
    const schoolStaff = (await deps.db('portal_school_staff').where({ staff_id: session.practitionerId }).first('staff_id')) !== undefined;
    roles = rolesForPerson(rolesFromGroups(claims.groups, deps.provider.settings.groupRoles), schoolStaff);
    if (roles.length === 0) return end('no-role', 'no mapped group left');
  }
  await deps.db('portal_sessions').where({ token_hash: session.tokenHash }).update({
    roles: [...roles],
    oidc_refresh_token: seal(deps.key, outcome.refreshToken, session.tokenHash),
    ...(outcome.idToken === undefined ? {} : { oidc_id_token: seal(deps.key, outcome.idToken, session.tokenHash) }),
  });
  if (roles.join() !== session.roles.join()) await deps.db('portal_accounts').where({ practitioner_id: session.practitionerId }).update({ roles: [...roles] });
  return { kind: 'current' };
}

/** The ID token to hint the provider with on sign-out, read before the session row goes. */
export async function providerIdToken(deps: Pick<ProviderSessionDeps, 'db' | 'key'>, tokenHash: string): Promise<{ viaProvider: boolean; idToken: string | undefined }> {
  const row: { identity_provider: string | null; oidc_id_token: string | null } | undefined = await deps.db('portal_sessions')
    .where({ token_hash: tokenHash })
    .first('identity_provider', 'oidc_id_token');
  return {
    viaProvider: Boolean(row?.identity_provider),
    idToken: row?.oidc_id_token ? unseal(deps.key, row.oidc_id_token, tokenHash) : undefined,
  };
}
