import type { IncomingMessage, ServerResponse } from 'node:http';
import { LiveRiskError } from '../platform/errors';
import { cookieNames, type PortalContext } from './context';
import { cookie, parseCookies, redirect, safeNext, sendHtml } from './http';
import { checkWithProvider, providerIdToken, type CheckOutcome } from './oidc/provider-sessions';
import { beginSignIn, finishSignIn, pendingSignInSeconds, type OidcSignIn } from './oidc/sign-in-flow';
import { continuePage, providerRefusedPage, providerSignInFailedPage, signOutAtProviderPage } from './pages/provider-sign-in';
import type { Session } from './sessions';

/**
 * The routes of signing in through the council's identity provider (oidc/sign-in-flow.ts):
 *
 *   GET /sign-in/oidc             to the provider, with a sealed pending sign-in cookie
 *   GET /sign-in/oidc/callback    back from the provider: a new session, or a page that says why not
 */
export const providerRoutes = { start: '/sign-in/oidc', callback: '/sign-in/oidc/callback' } as const;

/**
 * The provider sends the browser back to the origin it left from: PORTAL_URL's, or the address the
 * portal listens on (tests, and a council's admin on the server itself). Any other Host is ignored.
 */
function portalBase(context: PortalContext, req: IncomingMessage): string {
  const direct = `http://${req.headers.host ?? ''}`;
  return context.allowedOrigins.has(direct) && direct !== new URL(context.runtime.config.portalUrl).origin ? direct : context.runtime.config.portalUrl;
}

const unavailable = (res: ServerResponse) => sendHtml(res, 503, providerSignInFailedPage('unavailable'), { 'Retry-After': '60' });

export async function startProviderSignIn(context: PortalContext, oidc: OidcSignIn, req: IncomingMessage, res: ServerResponse, next: string | null): Promise<void> {
  let begun;
  try {
    begun = await beginSignIn(oidc, `${portalBase(context, req)}${providerRoutes.callback}`, safeNext(next), context.now());
  } catch (error) {
    if (error instanceof LiveRiskError && error.retriable) return unavailable(res);
    throw error;
  }
  redirect(res, begun.url, {
    'Set-Cookie': cookie(cookieNames(context.secureCookies).providerSignIn, begun.cookieValue, { secure: context.secureCookies, maxAgeSeconds: pendingSignInSeconds, sameSite: 'Lax' }),
  });
}

export async function providerCallback(context: PortalContext, oidc: OidcSignIn, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const names = cookieNames(context.secureCookies);
  const clearPending = cookie(names.providerSignIn, '', { secure: context.secureCookies, maxAgeSeconds: 0, sameSite: 'Lax' });
  let outcome;
  try {
    outcome = await finishSignIn(context, oidc, query, parseCookies(req.headers.cookie).get(names.providerSignIn));
  } catch (error) {
    if (error instanceof LiveRiskError && error.retriable) return unavailable(res);
    throw error;
  }
  switch (outcome.kind) {
    case 'signed-in':
      return sendHtml(res, 200, continuePage(safeNext(outcome.next)), {
        'Set-Cookie': [cookie(names.session, outcome.token, { secure: context.secureCookies }), clearPending],
      });
    case 'refused':
      return sendHtml(res, 403, providerRefusedPage(outcome.reason, undefined), { 'Set-Cookie': clearPending });
    case 'invalid':
    case 'cancelled':
      return sendHtml(res, 400, providerSignInFailedPage(outcome.kind), { 'Set-Cookie': clearPending });
  }
}

/**
 * Before any signed-in request: a session from the provider is confirmed with it when due. An ended
 * session's cookie is cleared and the person sent to sign in again; a provider that does not answer
 * gets a 503, the session kept for when it does.
 */
export async function confirmWithProvider(context: PortalContext, session: Session, res: ServerResponse, method: string): Promise<Session | undefined> {
  if (!context.oidc) return session;
  const outcome: CheckOutcome = await checkWithProvider({ db: context.db, provider: context.oidc.provider, key: context.oidc.tokenKey, log: context.log, now: context.now }, session);
  switch (outcome.kind) {
    case 'current':
      return outcome.session;
    case 'unavailable':
      unavailable(res);
      return undefined;
    case 'ended': {
      const clear = cookie(cookieNames(context.secureCookies).session, '', { secure: context.secureCookies, maxAgeSeconds: 0 });
      if (method === 'POST') sendHtml(res, 403, providerSignInFailedPage('invalid'), { 'Set-Cookie': clear });
      else redirect(res, '/sign-in?ended=1', { 'Set-Cookie': clear });
      return undefined;
    }
  }
}

/** After our session has ended: the provider's session ends too, when the person signed in there. */
export async function providerSignOutUrl(context: PortalContext, req: IncomingMessage, session: Session): Promise<string | undefined> {
  if (!context.oidc) return undefined;
  const { viaProvider, idToken } = await providerIdToken({ db: context.db, key: context.oidc.tokenKey }, session.tokenHash);
  if (!viaProvider) return undefined;
  return context.oidc.provider.endSessionUrl(idToken, `${portalBase(context, req)}/sign-in`);
}

export { signOutAtProviderPage };
