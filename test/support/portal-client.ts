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

/**
 * One browser at one network address: it keeps the cookies the portal sets (sign-in form token,
 * session, known-device token) and sends X-Forwarded-For as the council's proxy would, so a test can
 * play a practitioner and an attacker at different addresses against one portal on loopback.
 */
export type PortalBrowser = Readonly<{
  cookies: Map<string, string>;
  get(path: string): Promise<Reply>;
  post(path: string, form: Record<string, string>): Promise<Reply>;
  /** Opens the sign-in form and posts it; the reply to the post. */
  signIn(practitionerId: string, password: string): Promise<Reply>;
  /** The CSRF token of the last page that had a form. */
  csrf(): string;
}>;

export function portalBrowser(base: () => string, address: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'): PortalBrowser {
  const cookies = new Map<string, string>();
  let lastCsrf = '';
  const send = async (path: string, init: RequestInit = {}): Promise<Reply> => {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', address);
    headers.set('user-agent', userAgent);
    if (cookies.size) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await fetch(`${base()}${path}`, { ...init, headers, redirect: 'manual' });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /Max-Age=0/.test(set)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const body = await res.text();
    lastCsrf = hiddenCsrf(body) || lastCsrf;
    return { status: res.status, body, headers: res.headers };
  };
  const post = (path: string, form: Record<string, string>) =>
    send(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base() } });
  return {
    cookies,
    get: (path) => send(path),
    post,
    signIn: async (practitionerId, password) => {
      await send('/sign-in');
      return post('/sign-in', { csrf: lastCsrf, practitionerId, password });
    },
    csrf: () => lastCsrf,
  };
}
