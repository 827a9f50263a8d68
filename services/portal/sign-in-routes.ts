import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignInOutcome } from './authenticator';
import { cookieNames, type PortalContext } from './context';
import { sameToken } from './csrf';
import { cookie, field, redirect, safeNext, sendHtml } from './http';
import { signInPage } from './pages/sign-in';
import { forbidden, signedIn, signedInForm, signedOf, type PortalFeature } from './routing';
import { describeDevice } from './device-description';
import { deviceLimits, rememberDevice } from './devices';
import { createSession, endSession, newToken } from './sessions';

/**
 * Signing in and out. Before sign-in there is no session to hold a CSRF secret, so the sign-in form
 * carries a token that must equal a short-lived cookie set with the form (double submit), on top of
 * the origin check every POST gets. A successful sign-in always starts a new session.
 */
const signInCookieSeconds = 15 * 60;

/** The sign-in form's token cookie, for this browser: its existing token if it has one, else a new one. */
function signInToken(context: PortalContext, request: FastifyRequest, fresh = false): { token: string; setCookie: string } {
  // The browser's existing token is kept, so two open sign-in tabs (or a favicon fetch that lands
  // here) do not invalidate each other's forms.
  const existing = fresh ? undefined : request.cookies[cookieNames(context.secureCookies).signIn];
  const token = existing && /^[\w-]{43}$/.test(existing) ? existing : newToken();
  return { token, setCookie: cookie(cookieNames(context.secureCookies).signIn, token, { secure: context.secureCookies, maxAgeSeconds: signInCookieSeconds }) };
}

/**
 * Whether a form posted before sign-in carries the token of this browser's sign-in cookie (double
 * submit). Every pre-sign-in form (the password form, a "sign in with your council account" button)
 * checks it before doing anything.
 */
export function fromSignInForm(context: PortalContext, request: FastifyRequest): boolean {
  return sameToken(request.cookies[cookieNames(context.secureCookies).signIn], field(request.body, 'csrf'));
}

/**
 * Starts a session for someone an authenticator has accepted, and sends the browser on to `next`
 * (a path on this site). Whatever the way in, a sign-in ends here.
 */
export async function startSession(
  context: PortalContext,
  reply: FastifyReply,
  outcome: Extract<SignInOutcome, { ok: true }>,
  next: string | undefined,
  extraCookies: readonly string[] = [],
): Promise<FastifyReply> {
  const { token } = await createSession(context.db, outcome, context.now(), describeDevice(reply.request.headers['user-agent']));
  context.log.info('portal sign-in', {});
  return redirect(reply, safeNext(next), {
    'set-cookie': [
      cookie(cookieNames(context.secureCookies).session, token, { secure: context.secureCookies }),
      cookie(cookieNames(context.secureCookies).signIn, '', { secure: context.secureCookies, maxAgeSeconds: 0 }),
      ...extraCookies,
    ],
  });
}

export const signInFeature: PortalFeature = {
  name: 'sign-in',
  register(app, context) {
    app.get('/sign-in', async (request, reply) => {
      if (await signedIn(context, request)) return redirect(reply, '/');
      const { token, setCookie } = signInToken(context, request);
      const next = field(request.query, 'next');
      return sendHtml(reply, 200, signInPage({ csrfToken: token, next: next ? safeNext(next) : undefined, providers: context.signInProviders }), { 'set-cookie': setCookie });
    });

    // A budget of its own per address, tighter than every other route's (context.ts).
    app.post('/sign-in', { config: { rateLimit: { max: context.limits.signInsPerAddress, timeWindow: 60_000 } } }, async (request, reply) => {
      if (!fromSignInForm(context, request)) return forbidden(reply);
      const practitionerId = (field(request.body, 'practitionerId') ?? '').trim();
      const next = field(request.body, 'next');
      const deviceToken = request.cookies[cookieNames(context.secureCookies).device];
      const outcome = await context.authenticator.signIn({ practitionerId, password: field(request.body, 'password') ?? '', deviceToken }, context.now());
      if (outcome.ok) {
        // This browser is now a known device of theirs (devices.ts): guessing elsewhere cannot lock them out of it.
        const device = await rememberDevice(context.db, outcome.practitionerId, deviceToken, context.now());
        const deviceCookie = cookie(cookieNames(context.secureCookies).device, device, { secure: context.secureCookies, maxAgeSeconds: deviceLimits.keepDays * 86_400 });
        return startSession(context, reply, outcome, next, [deviceCookie]);
      }
      context.log.info('portal sign-in refused', {});
      // A fresh form token for the next try; the id typed is kept so only the password is re-typed.
      const { token, setCookie } = signInToken(context, request, true);
      return sendHtml(reply, 401, signInPage({ csrfToken: token, refused: true, practitionerId, next, providers: context.signInProviders }), { 'set-cookie': setCookie });
    });

    app.post('/sign-out', signedInForm(context), async (request, reply) => {
      await endSession(context.db, signedOf(request).session.tokenHash);
      return redirect(reply, '/sign-in', { 'set-cookie': cookie(cookieNames(context.secureCookies).session, '', { secure: context.secureCookies, maxAgeSeconds: 0 }) });
    });
  },
};
