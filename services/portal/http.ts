import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyReply } from 'fastify';

/**
 * The HTTP edges every portal route shares: the security headers (given to @fastify/helmet), how a
 * page, a redirect and a cookie are sent, and where a browser may be sent back to after sign-in.
 */

/**
 * No script of any kind, styles only from our own stylesheet, forms only to ourselves, never framed.
 * Referrer-Policy is same-origin rather than no-referrer: with no-referrer, browsers send
 * `Origin: null` on form posts, and the CSRF origin check needs the real origin. No URL of ours ever
 * reaches another site either way. HSTS only when practitioners reach the portal over https
 * (PORTAL_URL): the portal itself speaks plain HTTP to the council's TLS-terminating proxy.
 */
export function helmetOptions(https: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // A year, this host and its subdomains; not preloaded (that is the council's decision for its domain).
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** Helmet has no Permissions-Policy; the portal uses no camera, microphone or location. */
export const permissionsPolicy = 'camera=(), microphone=(), geolocation=()';

export function sendHtml(reply: FastifyReply, status: number, html: string, headers: Readonly<Record<string, string | string[]>> = {}): FastifyReply {
  // Pages hold personal data: never kept by the browser or a proxy.
  return reply.code(status).headers({ 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8', ...headers }).send(html);
}

/** 303 See Other: after a POST the browser GETs the target, so a reload never re-posts. */
export function redirect(reply: FastifyReply, location: string, headers: Readonly<Record<string, string | string[]>> = {}): FastifyReply {
  return reply.code(303).headers({ 'cache-control': 'no-store', location, ...headers }).send();
}

export type CookieOptions = Readonly<{ secure: boolean; maxAgeSeconds?: number }>;

/**
 * HttpOnly (no script can read it), SameSite=Strict (never sent from another site), Secure behind
 * TLS. @fastify/cookie parses cookies (request.cookies); they are written by this one function, so
 * every cookie the portal sets has the same flags.
 */
export function cookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

/** A single-valued field of a parsed form or query string; a repeated or missing one is undefined. */
export function field(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A redirect target after sign-in: only a path on this site, never `//elsewhere` or a full URL. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}
