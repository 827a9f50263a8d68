import type { FastifyReply, FastifyRequest } from 'fastify';
import { LiveRiskError } from '../platform/errors';
import { cookieNames, type PortalContext } from './context';
import { describeDevice } from './device-description';
import { cookie, field, redirect, safeNext, sendHtml } from './http';
import { checkWithProvider, providerIdToken } from './oidc/provider-sessions';
import { beginSignIn, finishSignIn, pendingSignInSeconds, type OidcSignIn } from './oidc/sign-in-flow';
import { continuePage, providerRefusedPage, providerSignInFailedPage, sessionEndedPage, toProviderPage } from './pages/provider-sign-in';
import { forbidden, type PortalFeature } from './routing';
import { fromSignInForm } from './sign-in-routes';
import { hashToken, type Session } from './sessions';

/**
 * Signing in through the council's identity provider (oidc/sign-in-flow.ts), as a portal feature:
 *
 *   POST /sign-in/oidc            the sign-in page's button (its form token checked): on to the
 *                                 provider, with a sealed pending sign-in cookie
 *   GET  /sign-in/oidc/callback   back from the provider: a new session, or a page that says why not
 *   GET  /sign-in/oidc/ended      where a session the provider no longer confirms is sent
 *
 * and, before every request, the check of a provider session with the provider when it is due.
 */
export const providerRoutes = { start: '/sign-in/oidc', callback: '/sign-in/oidc/callback', ended: '/sign-in/oidc/ended' } as const;

export const providerButtonLabel = 'Sign in with your council account';

/**
 * The provider sends the browser back to the origin it left from: PORTAL_URL's, or the address the
 * portal listens on (tests; a council's administrator on the server itself). Any other Host is ignored.
 */
function portalBase(context: PortalContext, request: FastifyRequest): string {
  const direct = `http://${request.headers.host ?? ''}`;
  return context.allowedOrigins.has(direct) && direct !== new URL(context.runtime.config.portalUrl).origin ? direct : context.runtime.config.portalUrl;
}

const unavailable = (reply: FastifyReply) => sendHtml(reply, 503, providerSignInFailedPage('unavailable'), { 'retry-after': '60' });

/** A provider that cannot be reached gets a 503 page; anything else goes to the portal's error handler. */
const providerDown = (error: unknown): boolean => error instanceof LiveRiskError && error.retriable;

/** Registers nothing when the portal signs in with passwords only. */
export const providerSignInFeature: PortalFeature = {
  name: 'provider-sign-in',
  register(app, context) {
    const oidc = context.oidc;
    if (!oidc) return;
    const names = cookieNames(context.secureCookies);
    // SameSite=Lax: it must come back with the provider's top-level redirect to the callback.
    const pendingCookie = (value: string, maxAgeSeconds: number) =>
      cookie(names.providerSignIn, value, { secure: context.secureCookies, maxAgeSeconds, sameSite: 'Lax' });
    const deps = { db: context.db, provider: oidc.provider, key: oidc.tokenKey, log: context.log, now: context.now };

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[names.session];
      if (!token || token.length > 100 || request.url.startsWith('/assets/')) return;
      const outcome = await checkWithProvider(deps, hashToken(token));
      if (outcome.kind === 'unavailable') return unavailable(reply);
      if (outcome.kind !== 'ended') return;
      const clear = cookie(names.session, '', { secure: context.secureCookies, maxAgeSeconds: 0 });
      if (request.method === 'POST') return sendHtml(reply, 403, sessionEndedPage(), { 'set-cookie': clear });
      return redirect(reply, providerRoutes.ended, { 'set-cookie': clear });
    });

    app.post(providerRoutes.start, async (request, reply) => {
      if (!fromSignInForm(context, request)) return forbidden(reply);
      let begun;
      try {
        begun = await beginSignIn(oidc, `${portalBase(context, request)}${providerRoutes.callback}`, safeNext(field(request.body, 'next')), context.now());
      } catch (error) {
        if (providerDown(error)) return unavailable(reply);
        throw error;
      }
      // A page that moves on, not a redirect: the form-action policy would block a form's redirect to another origin.
      return sendHtml(reply, 200, toProviderPage(begun.url), { 'set-cookie': pendingCookie(begun.cookieValue, pendingSignInSeconds) });
    });

    app.get(providerRoutes.callback, async (request, reply) => {
      const at = request.url.indexOf('?');
      let outcome;
      try {
        outcome = await finishSignIn(context, oidc, new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1)), request.cookies[names.providerSignIn], describeDevice(request.headers['user-agent']));
      } catch (error) {
        if (providerDown(error)) return unavailable(reply);
        throw error;
      }
      const clearPending = pendingCookie('', 0);
      switch (outcome.kind) {
        case 'signed-in':
          return sendHtml(reply, 200, continuePage(safeNext(outcome.next)), {
            'set-cookie': [
              cookie(names.session, outcome.token, { secure: context.secureCookies }),
              cookie(names.signIn, '', { secure: context.secureCookies, maxAgeSeconds: 0 }),
              clearPending,
            ],
          });
        case 'refused':
          return sendHtml(reply, 403, providerRefusedPage(outcome.reason, outcome.practitionerId), { 'set-cookie': clearPending });
        case 'invalid':
        case 'cancelled':
          return sendHtml(reply, 400, providerSignInFailedPage(outcome.kind), { 'set-cookie': clearPending });
      }
    });

    app.get(providerRoutes.ended, async (_request, reply) => sendHtml(reply, 200, sessionEndedPage()));
  },
};

/**
 * Where to send the browser after our session ends, so its session at the provider ends too (when
 * it signed in there); read before the session row, which holds the provider's ID token, goes.
 */
export async function providerSignOutUrl(context: PortalContext, oidc: OidcSignIn, request: FastifyRequest, session: Session): Promise<string | undefined> {
  const { viaProvider, idToken } = await providerIdToken({ db: context.db, key: oidc.tokenKey }, session.tokenHash);
  if (!viaProvider) return undefined;
  return oidc.provider.endSessionUrl(idToken, `${portalBase(context, request)}/sign-in`);
}
