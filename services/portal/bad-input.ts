import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { cookieNames, type PortalContext } from './context';
import { sendHtml } from './http';
import { errorPage } from './pages/layout';
import { record } from './routing';
import { hashToken } from './sessions';

/**
 * Malformed input is refused with 400 and recorded as a 'refused' audit entry, before any route
 * sees it: a NUL or another control character in a path segment, a query parameter or a form
 * field (PostgreSQL cannot store a NUL in text, so it used to end as a 500), or a path that cannot
 * be decoded. Form fields may hold tabs and line breaks (a reason typed in a text area); nothing
 * else below U+0020, nor DEL.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const inPathOrQuery = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex -- as above, less tab, line feed and carriage return
const inForm = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function badField(source: unknown, pattern: RegExp): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  for (const [name, value] of Object.entries(source)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (pattern.test(name) || values.some((one) => typeof one === 'string' && pattern.test(one))) return name;
  }
  return undefined;
}

export function badInputHook(context: PortalContext): preHandlerAsyncHookHandler {
  return async function refuseBadInput(request, reply) {
    const where =
      (badField(request.params, inPathOrQuery) !== undefined && 'path') ||
      (badField(request.query, inPathOrQuery) !== undefined && 'query') ||
      (badField(request.body, inForm) !== undefined && 'form');
    if (!where) return;
    return refuseMalformed(context, request, reply, `a control character in the ${where}`);
  };
}

/** fastify's frameworkErrors: a URL it could not decode, before any route or hook. */
export function refuseBadUrl(context: PortalContext, request: FastifyRequest, reply: FastifyReply, error: Error & { code?: string }): void {
  const problem = error.code === 'FST_ERR_BAD_URL' ? 'a path that cannot be decoded' : `an unreadable request (${error.code ?? 'unknown'})`;
  void refuseMalformed(context, request, reply, problem).catch((failure: unknown) => {
    context.log.error('portal could not record a refused request', { error: (failure as Error).message });
    if (!reply.sent) sendHtml(reply, 400, malformedPage());
  });
}

const malformedPage = () => errorPage('This address is not right', 'Part of the address or the form could not be read. Go back, or start again from your digests.');

/**
 * Who asked is the signed-in practitioner when the request carries a live session's cookie (looked up
 * without restarting its idle timer), else 'anonymous'; what they sent is never recorded, only where.
 */
async function refuseMalformed(context: PortalContext, request: FastifyRequest, reply: FastifyReply, problem: string): Promise<FastifyReply> {
  const actor = await actorOf(context, request);
  const route = request.routeOptions.url ?? request.url.split('?')[0].slice(0, 200);
  await record(context, [
    {
      kind: 'refused',
      actor,
      justification: `malformed request: ${problem}`,
      detail: { channel: 'portal', page: route.slice(0, 200), method: request.method },
    },
  ]);
  context.log.info('portal refused a malformed request', { problem });
  return sendHtml(reply, 400, malformedPage());
}

async function actorOf(context: PortalContext, request: FastifyRequest): Promise<string> {
  if (request.signed) return request.signed.session.practitionerId;
  // Parsed here: a URL fastify could not decode reaches us before the cookie plugin has run.
  const token = request.server.parseCookie(request.headers.cookie ?? '')[cookieNames(context.secureCookies).session];
  if (!token || token.length > 100) return 'anonymous';
  const row: { practitioner_id: string } | undefined = await context.db('portal_sessions')
    .where({ token_hash: hashToken(token) })
    .andWhere('expires_at', '>', context.now())
    .first('practitioner_id');
  return row?.practitioner_id ?? 'anonymous';
}
