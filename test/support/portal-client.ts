/**
 * A practitioner's browser reduced to HTTP: requests without following redirects, form posts with
 * an Origin, and signing in with the sign-in page's CSRF token and cookie. For tests that speak to a
 * portal over plain HTTP (the browser tests use Chromium instead).
 */
export type Reply = Readonly<{ status: number; body: string; headers: Headers }>;

export type PortalClient = Readonly<{
  request(path: string, init?: RequestInit & { cookie?: string }): Promise<Reply>;
  post(path: string, form: Record<string, string>, cookie?: string, origin?: string): Promise<Reply>;
  signIn(practitionerId: string, password: string): Promise<{ cookie: string; csrf: string }>;
}>;

export const cookiePair = (setCookie: string): string => setCookie.split(';')[0];
export const hiddenCsrf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export function portalClient(base: () => string): PortalClient {
  const request = async (path: string, init: RequestInit & { cookie?: string } = {}): Promise<Reply> => {
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set('cookie', init.cookie);
    const res = await fetch(`${base()}${path}`, { ...init, headers, redirect: 'manual' });
    return { status: res.status, body: await res.text(), headers: res.headers };
  };
  const post = (path: string, form: Record<string, string>, cookie?: string, origin = base()) =>
    request(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, cookie });
  const signIn = async (practitionerId: string, password: string) => {
    const form = await request('/sign-in');
    const signInCookie = cookiePair(form.headers.getSetCookie()[0]);
    const signed = await post('/sign-in', { csrf: hiddenCsrf(form.body), practitionerId, password }, signInCookie);
    if (signed.status !== 303) throw new Error(`sign-in as ${practitionerId} answered ${signed.status}`);
    const cookie = cookiePair(signed.headers.getSetCookie().find((c) => c.startsWith('live-risk-session=')) ?? '');
    const home = await request('/', { cookie });
    return { cookie, csrf: hiddenCsrf(home.body) };
  };
  return { request, post, signIn };
}
