import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The HTTP edges of the portal, on node:http alone: a handful of routes, all server-rendered, do not
 * need a framework, and every header that matters for security is set here, in one place.
 */

/**
 * No script of any kind, styles only from our own stylesheet, forms only to ourselves, never framed.
 * Referrer-Policy is same-origin rather than no-referrer: with no-referrer, browsers send
 * `Origin: null` on form posts, and the CSRF origin check needs the real origin. No URL of ours ever
 * reaches another site either way.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export function sendHtml(res: ServerResponse, status: number, html: string, headers: Readonly<Record<string, string | string[]>> = {}): void {
  res.writeHead(status, {
    ...securityHeaders,
    // Pages hold personal data: never kept by the browser or a proxy.
    'Cache-Control': 'no-store',
    'Content-Type': 'text/html; charset=utf-8',
    ...headers,
  });
  res.end(html);
}

/** 303 See Other: after a POST the browser GETs the target, so a reload never re-posts. */
export function redirect(res: ServerResponse, location: string, headers: Readonly<Record<string, string | string[]>> = {}): void {
  res.writeHead(303, { ...securityHeaders, 'Cache-Control': 'no-store', Location: location, ...headers });
  res.end();
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

/** `sameSite: 'Lax'` only for a cookie that must come back with a top-level redirect from another site (the identity provider's). */
export type CookieOptions = Readonly<{ secure: boolean; maxAgeSeconds?: number; sameSite?: 'Strict' | 'Lax' }>;

/** HttpOnly (no script can read it), SameSite=Strict (never sent from another site) unless asked, Secure behind TLS. */
export function cookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${options.sameSite ?? 'Strict'}`,
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

/** Reads an application/x-www-form-urlencoded body of at most `limit` bytes; anything else is undefined. */
export async function readForm(req: IncomingMessage, limit = 16_384): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** A redirect target after sign-in: only a path on this site, never `//elsewhere` or a full URL. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/';
}
