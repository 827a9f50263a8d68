import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, RouteShorthandOptions } from 'fastify';
import { appendAuditEntries, type AuditEntryInput } from '../audit';
import { LiveRiskError } from '../platform/errors';
import { cookieNames, type PortalContext, type Signed } from './context';
import { sameToken } from './csrf';
import { field, redirect, sendHtml } from './http';
import { notFoundPage, type Viewer } from './pages/layout';
import { hasRole, isSchoolStaffOnly, type PortalRole } from './roles';
import { findSession } from './sessions';

/**
 * How a feature plugs into the portal. Each feature is a module exporting a PortalFeature; app.ts
 * lists them, and a feature touches no other feature's file:
 *
 *   export const teamFeature: PortalFeature = {
 *     name: 'team',
 *     register(app, context) {
 *       app.get('/team', signedInPage(context, { role: 'team-manager' }), async (request, reply) => {
 *         const signed = signedOf(request);
 *         return sendHtml(reply, 200, teamPage(viewerOf(signed), ...));
 *       });
 *       app.post('/team/cover', signedInForm(context, { role: 'team-manager' }), async (request, reply) => {
 *         const familyId = field(request.body, 'familyId');
 *         ...
 *         return redirect(reply, '/team');
 *       });
 *     },
 *   };
 *
 * Before any route runs, app.ts has already refused a POST from another origin (403) and any method
 * but GET, HEAD and POST (405). signedInPage and signedInForm add the rest.
 */
export type PortalFeature = Readonly<{
  name: string;
  register(app: FastifyInstance, context: PortalContext): void | Promise<void>;
}>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in practitioner, once requireSession (or signedIn) has found their session. */
    signed: Signed | null;
  }
}

/** The request's live session and the practitioner's name, or undefined; looked up once per request. */
export async function signedIn(context: PortalContext, request: FastifyRequest): Promise<Signed | undefined> {
  if (request.signed) return request.signed;
  const token = request.cookies[cookieNames(context.secureCookies).session];
  const session = await findSession(context.db, token, context.now());
  if (!session) return undefined;
  const practitioner: { name: string } | undefined =
    (await context.db('practitioners').where({ practitioner_id: session.practitionerId }).first('name')) ??
    (await context.db('portal_school_staff').where({ staff_id: session.practitionerId }).first('name'));
  request.signed = { session, name: practitioner?.name ?? session.practitionerId };
  return request.signed;
}

/** The session requireSession put on the request; a route without requireSession that asks is a bug. */
export function signedOf(request: FastifyRequest): Signed {
  if (!request.signed) throw new LiveRiskError('INTERNAL', `${request.routeOptions.url ?? 'a portal route'} ran without requireSession`);
  return request.signed;
}

/** What every page's header needs: the name, the CSRF token for its sign-out form, the roles for its links. */
export const viewerOf = (signed: Signed): Viewer => ({ name: signed.name, csrfToken: signed.session.csrfToken, roles: signed.session.roles });

/** Where a signed-out browser goes: the sign-in page, coming back here afterwards. */
export const signInPathFor = (path: string): string => `/sign-in${path === '/' ? '' : `?next=${encodeURIComponent(path)}`}`;

/**
 * Signed in, or: a GET is sent to the sign-in page (and back here afterwards), a POST gets 403 (its
 * form cannot be valid without a session).
 */
export function requireSession(context: PortalContext): preHandlerAsyncHookHandler {
  return async function requireSessionHook(request, reply) {
    if (await signedIn(context, request)) return;
    if (request.method === 'POST') return forbidden(reply);
    return redirect(reply, signInPathFor(request.url.split('?')[0]));
  };
}

/**
 * The signed-in person holds `role`, or gets the page a nonexistent address gets, with a 'refused'
 * audit entry: a screen someone may not use is not shown to exist. After requireSession.
 */
export function requireRole(context: PortalContext, role: PortalRole): preHandlerAsyncHookHandler {
  return async function requireRoleHook(request, reply) {
    const signed = signedOf(request);
    if (hasRole(signed.session, role)) return;
    return refuse(context, signed, reply, { page: request.routeOptions.url ?? 'unknown', reason: `needs the ${role} role` });
  };
}

/** The form carries the session's CSRF token (compared in constant time), or 403. After requireSession. */
export const requireCsrf: preHandlerAsyncHookHandler = async function requireCsrfHook(request, reply) {
  if (!sameToken(signedOf(request).session.csrfToken, field(request.body, 'csrf'))) return forbidden(reply);
};

/**
 * Not a school's DSL (roles.ts isSchoolStaffOnly), or the not-found page with a 'refused' entry:
 * for the practitioners' pages (digests, families), whatever id the address names. After requireSession.
 */
export function requirePractitioner(context: PortalContext): preHandlerAsyncHookHandler {
  return async function requirePractitionerHook(request, reply) {
    const signed = signedOf(request);
    if (!isSchoolStaffOnly(signed.session.roles)) return;
    return refuse(context, signed, reply, { page: request.routeOptions.url ?? 'unknown', reason: 'a school DSL sees only their school\'s Operation Encompass notifications' });
  };
}

/** `practitioners`: the page is refused to a school's DSL (requirePractitioner). */
type Access = Readonly<{ role?: PortalRole; practitioners?: true }>;

const accessHooks = (context: PortalContext, access: Access): preHandlerAsyncHookHandler[] => [
  ...(access.practitioners ? [requirePractitioner(context)] : []),
  ...(access.role ? [requireRole(context, access.role)] : []),
];

/** Route options for a page (GET) that needs a signed-in person, and optionally a role. */
export function signedInPage(context: PortalContext, access: Access = {}): RouteShorthandOptions {
  return { preHandler: [requireSession(context), ...accessHooks(context, access)] };
}

/**
 * Route options for a form post (POST, application/x-www-form-urlencoded, read with `field`): a
 * signed-in person, the form's CSRF token, and optionally a role. The origin was checked for every POST.
 */
export function signedInForm(context: PortalContext, access: Access = {}): RouteShorthandOptions {
  return { preHandler: [requireSession(context), requireCsrf, ...accessHooks(context, access)] };
}

/** Appends audit entries in a transaction of their own, before the page that they record is sent. */
export async function record(context: PortalContext, entries: readonly AuditEntryInput[]): Promise<void> {
  await context.db.transaction((trx) => appendAuditEntries(trx, entries, context.now));
}

/** Ids from a URL are whatever someone typed: cut to what the audit log holds. */
export const asId = (value: string): string => value.slice(0, 200) || '-';

export type Refusal = Readonly<{ page: string; digestId?: string; familyId?: string; itemId?: string; reason?: string }>;

/**
 * "Not yours" answered exactly as "does not exist" (the same 404 page, the same bytes), with a
 * 'refused' audit entry saying who asked for what.
 */
export async function refuse(context: PortalContext, signed: Signed, reply: FastifyReply, requested: Refusal): Promise<FastifyReply> {
  const { page, reason, ...ids } = requested;
  await record(context, [
    {
      kind: 'refused',
      actor: signed.session.practitionerId,
      recipient: signed.session.practitionerId,
      ...(ids.digestId ? { digestId: asId(ids.digestId) } : {}),
      ...(ids.familyId ? { familyId: asId(ids.familyId) } : {}),
      ...(ids.itemId ? { itemId: asId(ids.itemId) } : {}),
      justification: reason ?? 'not theirs to see (or no such id): not their digest, or not a family they lead or cover',
      detail: { channel: 'portal', page },
    },
  ]);
  context.log.info('portal refused a request', { page });
  return sendHtml(reply, 404, notFoundPage());
}

export function forbidden(reply: FastifyReply): FastifyReply {
  return sendHtml(
    reply,
    403,
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Forbidden – Live risk</title></head><body><main><h1>This form has expired</h1><p>Go back, reload the page and try again.</p></main></body></html>',
  );
}
