import { timingSafeEqual } from 'node:crypto';

/**
 * Two independent checks on every state-changing request (every POST):
 * 1. a synchronizer token: the session's CSRF secret, put in each form as a hidden field and
 *    compared in constant time (before sign-in, the sign-in form's token is paired with a short-lived
 *    cookie instead, since there is no session yet);
 * 2. the Origin header (or, failing that, the Referer) must be the portal's own origin.
 * SameSite=Strict cookies are a third layer, but older browsers ignore them.
 */
export function sameToken(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  // timingSafeEqual needs equal lengths; comparing with itself keeps the time the same when they differ.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(a, a), false);
}

/** The request's origin from Origin, else from Referer; `null` (an opaque origin) never matches. */
export function requestOrigin(headers: Readonly<{ origin?: string; referer?: string }>): string | undefined {
  if (headers.origin && headers.origin !== 'null') return headers.origin;
  if (!headers.referer) return undefined;
  try {
    return new URL(headers.referer).origin;
  } catch {
    return undefined;
  }
}

export function fromAllowedOrigin(headers: Readonly<{ origin?: string; referer?: string }>, allowed: ReadonlySet<string>): boolean {
  const origin = requestOrigin(headers);
  return origin !== undefined && allowed.has(origin);
}
