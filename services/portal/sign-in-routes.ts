import type { IncomingMessage, ServerResponse } from 'node:http';
import { cookieNames, type PortalContext } from './context';
import { sameToken } from './csrf';
import { cookie, parseCookies, readForm, redirect, safeNext, sendHtml } from './http';
import { signInPage } from './pages/sign-in';
import { providerSignOutUrl, signOutAtProviderPage } from './oidc-routes';
import { createSession, endSession, newToken, type Session } from './sessions';

/**
 * Signing in and out. Before sign-in there is no session to hold a CSRF secret, so the sign-in form
 * carries a token that must equal a short-lived cookie set with the form (double submit), on top of
 * the origin check every POST gets. A successful sign-in always starts a new session.
 */
const signInCookieSeconds = 15 * 60;

const methods = (context: PortalContext) => ({ password: context.authenticator !== undefined, provider: context.oidc !== undefined });

export function showSignIn(context: PortalContext, req: IncomingMessage, res: ServerResponse, next: string | null, ended = false): void {
  const names = cookieNames(context.secureCookies);
  // The browser's existing token is kept, so two open sign-in tabs (or a favicon fetch that lands
  // here) do not invalidate each other's forms.
  const existing = parseCookies(req.headers.cookie).get(names.signIn);
  const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newToken();
  sendHtml(res, 200, signInPage({ csrfToken: token, next: next ? safeNext(next) : undefined, methods: methods(context), ended }), {
    'Set-Cookie': cookie(names.signIn, token, { secure: context.secureCookies, maxAgeSeconds: signInCookieSeconds }),
  });
}

export async function signIn(context: PortalContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const names = cookieNames(context.secureCookies);
  const form = await readForm(req);
  const expected = parseCookies(req.headers.cookie).get(names.signIn);
  if (!form || !sameToken(expected, form.get('csrf') ?? undefined)) return forbidden(res);
  if (!context.authenticator) return forbidden(res);
  const practitionerId = (form.get('practitionerId') ?? '').trim();
  const outcome = await context.authenticator.signIn({ practitionerId, password: form.get('password') ?? '' }, context.now());
  if (!outcome.ok) {
    context.log.info('portal sign-in refused', {});
    // A fresh form token for the next try; the id typed is kept so only the password is re-typed.
    const token = newToken();
    return sendHtml(res, 401, signInPage({ csrfToken: token, refused: true, practitionerId, next: form.get('next') ?? undefined, methods: methods(context) }), {
      'Set-Cookie': cookie(names.signIn, token, { secure: context.secureCookies, maxAgeSeconds: signInCookieSeconds }),
    });
  }
  const { token } = await createSession(context.db, outcome, context.now());
  context.log.info('portal sign-in', {});
  redirect(res, safeNext(form.get('next')), {
    'Set-Cookie': [
      cookie(names.session, token, { secure: context.secureCookies }),
      cookie(names.signIn, '', { secure: context.secureCookies, maxAgeSeconds: 0 }),
    ],
  });
}

export async function signOut(context: PortalContext, session: Session, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Read before the session row, which holds the provider's ID token, goes.
  const atProvider = await providerSignOutUrl(context, req, session);
  await endSession(context.db, session.tokenHash);
  const clear = { 'Set-Cookie': cookie(cookieNames(context.secureCookies).session, '', { secure: context.secureCookies, maxAgeSeconds: 0 }) };
  if (atProvider) return sendHtml(res, 200, signOutAtProviderPage(atProvider), clear);
  redirect(res, '/sign-in', clear);
}

export function forbidden(res: ServerResponse): void {
  sendHtml(
    res,
    403,
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Forbidden – Live risk</title></head><body><main><h1>This form has expired</h1><p>Go back, reload the page and try again.</p></main></body></html>',
  );
}
