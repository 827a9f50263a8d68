import type { IncomingMessage, ServerResponse } from 'node:http';
import { acknowledge } from './acknowledge';
import { cookieNames, type PortalContext, type Signed } from './context';
import { fromAllowedOrigin, sameToken } from './csrf';
import { parseCookies, readForm, redirect, securityHeaders, sendHtml } from './http';
import { confirmWithProvider, providerCallback, providerRoutes, startProviderSignIn } from './oidc-routes';
import { showDigest, showFamily, showFamilySummary, showHome } from './page-routes';
import { errorPage, notFoundPage } from './pages/layout';
import { portalCss } from './pages/portal-css';
import { findSession } from './sessions';
import { forbidden, showSignIn, signIn, signOut } from './sign-in-routes';

/**
 * The portal's routes:
 *
 *   GET  /sign-in                                         the sign-in form
 *   POST /sign-in                                         sign in
 *   GET  /sign-in/oidc, /sign-in/oidc/callback            sign in through the council's identity provider (oidc-routes.ts)
 *   POST /sign-out                                        sign out
 *   GET  /                                                my digests, newest first
 *   GET  /digests/:digestId                               a digest, with an acknowledge form per item
 *   POST /digests/:digestId/items/:matchId/acknowledge    acknowledge an item
 *   GET  /families/:familyId                              a family's items so far
 *   GET  /families/:familyId/summary                      what is held about the family, for the family
 *   GET  /assets/portal.css                               the one stylesheet
 *
 * Every POST must come from the portal's own origin and carry the form's CSRF token.
 */
const digestRoute = /^\/digests\/([^/]+)$/;
const acknowledgeRoute = /^\/digests\/([^/]+)\/items\/([^/]+)\/acknowledge$/;
const familyRoute = /^\/families\/([^/]+)$/;
const summaryRoute = /^\/families\/([^/]+)\/summary$/;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function portalHandler(context: PortalContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(context, req, res).catch((error: unknown) => {
      context.log.error('portal request failed', { error: (error as Error).message });
      if (!res.headersSent) sendHtml(res, 500, errorPage('Sorry, something went wrong', 'Try again in a few minutes. If it keeps happening, tell your administrator.'));
      else res.end();
    });
  };
}

async function route(context: PortalContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://portal.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return sendHtml(res, 405, errorPage('Not allowed', 'This address does not accept that kind of request.'), { Allow: 'GET, POST' });
  if (method === 'POST' && !fromAllowedOrigin({ origin: req.headers.origin, referer: req.headers.referer }, context.allowedOrigins)) return forbidden(res);

  if (path === '/assets/portal.css' && method !== 'POST') {
    res.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' });
    return void res.end(portalCss);
  }

  // Browsers ask for it unprompted; it is not a page, so it never redirects to sign-in.
  if (path === '/favicon.ico') return sendHtml(res, 404, notFoundPage());

  const token = parseCookies(req.headers.cookie).get(cookieNames(context.secureCookies).session);
  const found = await findSession(context.db, token, context.now());
  const session = found && (await confirmWithProvider(context, found, res, method));
  if (found && !session) return;

  if (context.oidc && method === 'GET' && path === providerRoutes.start) return startProviderSignIn(context, context.oidc, req, res, url.searchParams.get('next'));
  if (context.oidc && method === 'GET' && path === providerRoutes.callback) return providerCallback(context, context.oidc, req, res, url.searchParams);
  if (path === '/sign-in') {
    if (method === 'POST') return signIn(context, req, res);
    return session ? redirect(res, '/') : showSignIn(context, req, res, url.searchParams.get('next'), url.searchParams.has('ended'));
  }
  if (!session) {
    if (method === 'POST') return forbidden(res);
    return redirect(res, `/sign-in${path === '/' ? '' : `?next=${encodeURIComponent(path)}`}`);
  }
  const practitioner: { name: string } | undefined = await context.db('practitioners').where({ practitioner_id: session.practitionerId }).first('name');
  const signed: Signed = { session, name: practitioner?.name ?? session.practitionerId };

  if (method === 'POST') {
    const form = await readForm(req);
    if (!form || !sameToken(session.csrfToken, form.get('csrf') ?? undefined)) return forbidden(res);
    if (path === '/sign-out') return signOut(context, session, req, res);
    const ack = acknowledgeRoute.exec(path);
    const [digestId, matchId] = [ack?.[1], ack?.[2]].map((segment) => (segment ? decode(segment) : undefined));
    if (digestId && matchId) return acknowledge(context, signed, res, digestId, matchId);
    return sendHtml(res, 404, notFoundPage());
  }

  if (path === '/') return showHome(context, signed, res);
  const digest = digestRoute.exec(path);
  const family = familyRoute.exec(path);
  const summary = summaryRoute.exec(path);
  const id = decode((digest ?? family ?? summary)?.[1] ?? '');
  if (digest && id) return showDigest(context, signed, res, id);
  if (family && id) return showFamily(context, signed, res, id);
  if (summary && id) return showFamilySummary(context, signed, res, id);
  sendHtml(res, 404, notFoundPage());
}
