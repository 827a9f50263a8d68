import type { Knex } from 'knex';
import { z } from 'zod';
import { appendAuditEntries } from '../../audit';
import type { Logger } from '../../platform/logger';
import { createSession } from '../sessions';
import { recordProviderSignIn, knownToPortal } from './accounts';
import { claimsFrom, decideSignIn, type RefusalReason } from './decide';
import { SignInFailure, type OidcProvider } from './provider';
import { attachProvider } from './provider-sessions';
import { seal, sealKey, unseal, type SealKey } from './sealed';

/**
 * Signing in through the provider, apart from HTTP:
 *
 *   GET /sign-in/oidc?next=…      begin: a PKCE verifier, state and nonce, sealed into a short-lived
 *                                 cookie (HttpOnly, SameSite=Lax so it comes back with the
 *                                 provider's top-level redirect); the browser goes to the provider
 *   GET /sign-in/oidc/callback    finish: the cookie must open and match; the code is exchanged,
 *                                 the ID token checked; the person is decided (decide.ts), linked,
 *                                 given a new session, or refused with a page saying what to ask IT
 *
 * Nothing is stored before the provider answers, so anonymous requests cannot fill a table.
 */
export const pendingSignInSeconds = 10 * 60;

export type OidcSignIn = Readonly<{
  provider: OidcProvider;
  /** Seals refresh tokens in the database. */
  tokenKey: SealKey;
  /** Seals the pending sign-in's cookie. */
  stateKey: SealKey;
}>;

export function oidcSignIn(provider: OidcProvider): OidcSignIn {
  return { provider, tokenKey: sealKey(provider.clientSecret, 'refresh-tokens'), stateKey: sealKey(provider.clientSecret, 'sign-in-state') };
}

const pendingCookie = z.object({ verifier: z.string(), state: z.string(), nonce: z.string(), redirectUri: z.string(), next: z.string(), expires: z.number() });
const cookieBinding = 'live-risk pending sign-in';

export async function beginSignIn(oidc: OidcSignIn, redirectUri: string, next: string, now: Date): Promise<{ url: string; cookieValue: string }> {
  const { url, pending } = await oidc.provider.startSignIn(redirectUri);
  const cookieValue = seal(oidc.stateKey, JSON.stringify({ ...pending, next, expires: now.getTime() + pendingSignInSeconds * 1000 }), cookieBinding);
  return { url, cookieValue };
}

export type FinishOutcome =
  | Readonly<{ kind: 'signed-in'; token: string; next: string }>
  /** `practitionerId`: the one the provider named, shown back to the person so they can tell IT. */
  | Readonly<{ kind: 'refused'; reason: RefusalReason; practitionerId: string | undefined }>
  /** No pending sign-in in this browser, an expired one, or a response that does not belong to it. */
  | Readonly<{ kind: 'invalid' }>
  | Readonly<{ kind: 'cancelled' }>;

export type FinishDeps = Readonly<{ db: Knex; log: Logger; now: () => Date }>;

/** `device`: the browser in a few words (device-description.ts), for the sessions page. */
export async function finishSignIn(deps: FinishDeps, oidc: OidcSignIn, query: URLSearchParams, cookieValue: string | undefined, device?: string): Promise<FinishOutcome> {
  const opened = cookieValue ? unseal(oidc.stateKey, cookieValue, cookieBinding) : undefined;
  const pending = opened === undefined ? undefined : pendingCookie.safeParse(JSON.parse(opened));
  if (!pending?.success || pending.data.expires < deps.now().getTime()) return { kind: 'invalid' };
  const callback = new URL(pending.data.redirectUri);
  callback.search = query.toString();
  let tokens;
  try {
    tokens = await oidc.provider.finishSignIn(callback, pending.data);
  } catch (error) {
    if (!(error instanceof SignInFailure)) throw error;
    deps.log.info('portal provider sign-in did not complete', { kind: error.kind });
    return { kind: error.kind };
  }
  const claims = claimsFrom(oidc.provider.issuer, tokens.claims);
  const decision = decideSignIn(claims, await knownToPortal(deps.db, claims), oidc.provider.settings.groupRoles);
  const linked = decision.ok && (await recordProviderSignIn(deps.db, { ...decision, issuer: claims.issuer, subject: claims.subject }, deps.now()));
  if (!decision.ok || !linked) {
    const reason: RefusalReason = decision.ok ? 'linked-to-another-account' : decision.reason;
    await deps.db.transaction((trx) =>
      appendAuditEntries(trx, [{
        kind: 'refused',
        // The provider's subject is a staff account id, not a family member's: it says who tried.
        actor: `oidc:${claims.subject}`.slice(0, 200),
        ...(decision.practitionerId ? { recipient: decision.practitionerId.slice(0, 200) } : {}),
        justification: `sign-in through the identity provider refused: ${reason}`,
        detail: { channel: 'portal', page: 'sign-in', reason, issuer: claims.issuer.slice(0, 200) },
      }], deps.now),
    );
    deps.log.info('portal provider sign-in refused', { reason });
    return { kind: 'refused', reason, practitionerId: decision.practitionerId };
  }
  const { token, session } = await createSession(deps.db, decision, deps.now(), device);
  await attachProvider({ db: deps.db, provider: oidc.provider, key: oidc.tokenKey, log: deps.log, now: deps.now }, session.tokenHash, {
    issuer: claims.issuer,
    subject: claims.subject,
    refreshToken: tokens.refreshToken,
    idToken: tokens.idToken,
  });
  deps.log.info('portal sign-in through the identity provider', {});
  return { kind: 'signed-in', token, next: pending.data.next };
}
