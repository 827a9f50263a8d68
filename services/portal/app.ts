import cookiePlugin from '@fastify/cookie';
import formBody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { badInputHook, refuseBadUrl } from './bad-input';
import { acknowledgeFeature } from './acknowledge';
import { encompassFeature } from './encompass-routes';
import type { PortalContext } from './context';
import { fromAllowedOrigin } from './csrf';
import { helmetOptions, permissionsPolicy, redirect, sendHtml } from './http';
import { providerSignInFeature } from './oidc-routes';
import { pagesFeature } from './page-routes';
import { reviewFeature } from './review-routes';
import { teamFeature } from './team-routes';
import { urgentFeature } from './urgent-routes';
import { errorPage, notFoundPage } from './pages/layout';
import { portalCss } from './pages/portal-css';
import { forbidden, signedIn, signInPathFor, type PortalFeature } from './routing';
import { sessionsFeature } from './sessions-routes';
import { signInFeature } from './sign-in-routes';

/**
 * The portal's routes, each registered by its feature (routing.ts says how to add one):
 *
 *   GET  /sign-in                                         the sign-in form                    sign-in-routes.ts
 *   POST /sign-in                                         sign in
 *   POST /sign-out                                        sign out
 *   POST /sign-in/oidc, GET /sign-in/oidc/callback        sign in through the council's identity provider   oidc-routes.ts
 *   GET  /                                                my digests, newest first            page-routes.ts
 *   GET  /digests/:id                                     a digest, with an acknowledge form per item
 *   GET  /families/:id                                    a family's items so far
 *   GET  /families/:id/summary                            what is held about the family, for the family
 *   POST /digests/:digestId/items/:matchId/acknowledge    acknowledge an item                 acknowledge.ts
 *   GET  /sessions                                        where I am signed in                sessions-routes.ts
 *   POST /sessions/sign-out-everywhere                    end all my sessions
 *   GET  /team, POST /team/cover/assign|end               team manager: families, cover        team-routes.ts
 *   GET  /reviews, /reviews/:id, POST /reviews/:id/decision   reviewer: the review queue        review-routes.ts
 *   GET  /encompass, /encompass/:id, POST /encompass/:id/acknowledge   school DSL, council team: Operation Encompass   encompass-routes.ts
 *   GET  /assets/portal.css                               the one stylesheet                  here
 *
 * Every POST must come from the portal's own origin and carry the form's CSRF token.
 */
// The provider's sign-in first: its check of a provider session runs before every other route's hooks.
export const portalFeatures: readonly PortalFeature[] = [providerSignInFeature, signInFeature, pagesFeature, acknowledgeFeature, sessionsFeature, teamFeature, reviewFeature, urgentFeature, encompassFeature];

/** Form bodies are a few fields; anything larger is refused before it is read (413). */
const bodyLimit = 16_384;

export type PortalAppOptions = Readonly<{ features?: readonly PortalFeature[]; trustedProxies?: readonly string[] }>;

class TooManyRequests extends Error {
  readonly statusCode = 429;
}

export async function buildPortalApp(context: PortalContext, options: PortalAppOptions = {}): Promise<FastifyInstance> {
  const app = fastify({
    logger: false,
    bodyLimit,
    // request.ip is the practitioner's address when the request came through one of these proxies.
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? [...options.trustedProxies] : false,
    // A path fastify cannot decode (`%E0%A4%A`): 400, and recorded, like other malformed input.
    frameworkErrors: (error, request, reply) => refuseBadUrl(context, request, reply, error),
    // Slow clients may not hold connections open for ever.
    connectionTimeout: 60_000,
    requestTimeout: 60_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = 20_000;
  app.decorateRequest('signed', null);

  await app.register(helmet, helmetOptions(context.https));
  await app.register(cookiePlugin);
  await app.register(formBody);
  await app.register(rateLimit, {
    global: true,
    max: context.limits.perAddress,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, limit) => new TooManyRequests(`try again in ${limit.after}`),
  });
  app.addHook('preHandler', badInputHook(context));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', permissionsPolicy);
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
      return sendHtml(reply, 405, errorPage('Not allowed', 'This address does not accept that kind of request.'), { allow: 'GET, POST' });
    }
    // Before the body is read: a form from another site costs a header check.
    if (method === 'POST' && !fromAllowedOrigin({ origin: request.headers.origin, referer: request.headers.referer }, context.allowedOrigins)) return forbidden(reply);
  });
  if (context.onResponse) {
    const onResponse = context.onResponse;
    app.addHook('onResponse', async (_request, reply) => onResponse(reply.statusCode));
  }

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) context.log.error('portal request failed', { error: error.message });
    if (reply.sent) return;
    // Retry-After is already on the reply (the rate limiter sets it).
    if (error instanceof TooManyRequests) return sendHtml(reply, 429, errorPage('Too many requests', `Too many requests have come from your network in the last minute: ${error.message}. If this keeps happening, tell your administrator.`));
    return status === 500
      ? sendHtml(reply, 500, errorPage('Sorry, something went wrong', 'Try again in a few minutes. If it keeps happening, tell your administrator.'))
      : sendHtml(reply, status, errorPage('The request could not be read', 'Go back, reload the page and try again.'));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0];
    // Browsers ask for it unprompted; it is not a page, so it never redirects to sign-in.
    if (path === '/favicon.ico' || (await signedIn(context, request))) return sendHtml(reply, 404, notFoundPage());
    if (request.method === 'POST') return forbidden(reply);
    return redirect(reply, signInPathFor(path));
  });

  app.get('/assets/portal.css', async (_request, reply) =>
    reply.headers({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }).send(portalCss),
  );

  for (const feature of options.features ?? portalFeatures) await feature.register(app, context);
  return app;
}
