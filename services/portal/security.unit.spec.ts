import { fromAllowedOrigin, sameToken } from './csrf';
import { cookie, safeNext } from './http';
import { describeDevice } from './device-description';
import { hashPassword, needsRehash, parseHash, passwordProblem, verifyPassword } from './passwords';
import { WorkQueue } from './work-queue';

describe('passwords', () => {
  it('are hashed with scrypt at the production cost by default, with the parameters and a per-user salt in the stored form', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$17\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
  }, 20_000);

  it('keep verifying hashes made at another cost, and ask for a re-hash when the cost was lower', async () => {
    const cheap = await hashPassword('a long test passphrase', { log2N: 12, r: 8, p: 1 });
    await expect(verifyPassword('a long test passphrase', cheap)).resolves.toBe(true);
    expect(needsRehash(cheap)).toBe(true);
  });

  it('never match a malformed or absurd stored hash', async () => {
    await expect(verifyPassword('x', 'plain-text-password')).resolves.toBe(false);
    expect(parseHash('scrypt$30$8$1$c2FsdA$aGFzaA')).toBeUndefined();
  });

  it('must be at least 12 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeUndefined();
  });

  // Before zxcvbn (main at bc93b4b), passwordProblem checked length only and accepted all of these.
  it('may not be a common or breached password, a pattern, blank, or the person’s name, and the refusal says what to do instead', () => {
    for (const weak of ['password1234', ' '.repeat(12), 'Password1234!', 'qwertyuiop12', 'iloveyou2024', 'P@ssw0rd2024!']) {
      expect([weak, passwordProblem(weak)]).toEqual([weak, expect.stringMatching(/too easy to guess.*choose a passphrase of four or more unrelated words/)]);
    }
    expect(passwordProblem('rhiannonquillfeather', ['Rhiannon', 'Quillfeather'])).toMatch(/too easy to guess/);
    expect(passwordProblem('rhiannonquillfeather')).toBeUndefined();
    expect(passwordProblem('correct horse battery staple')).toBeUndefined();
  });
});

describe('CSRF and cookies', () => {
  it('compare tokens whole, whatever their lengths', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
    expect(sameToken('abc', undefined)).toBe(false);
  });

  it('accept a post only from an allowed origin, by Origin or else Referer; an opaque origin never', () => {
    const allowed = new Set(['https://live-risk.council.example']);
    expect(fromAllowedOrigin({ origin: 'https://live-risk.council.example' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ referer: 'https://live-risk.council.example/digests/1' }, allowed)).toBe(true);
    expect(fromAllowedOrigin({ origin: 'https://evil.example', referer: 'https://live-risk.council.example/' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({ origin: 'null' }, allowed)).toBe(false);
    expect(fromAllowedOrigin({}, allowed)).toBe(false);
  });

  it('set cookies HttpOnly, SameSite=Strict on path /, and Secure behind TLS', () => {
    expect(cookie('s', 'v', { secure: false })).toBe('s=v; Path=/; HttpOnly; SameSite=Strict');
    expect(cookie('s', 'v', { secure: true, maxAgeSeconds: 0 })).toBe('s=v; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0');
  });

  it('send a signed-in practitioner back only to a path on this site', () => {
    expect(safeNext('/digests/d-1')).toBe('/digests/d-1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

describe('sign-in plumbing', () => {
  it('describes a browser coarsely, without versions', () => {
    expect(describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0')).toBe('Edge on Windows');
    expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('Safari on macOS');
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36')).toBe('Chrome on Android');
    expect(describeDevice('curl/8.5.0')).toBe('a browser');
    expect(describeDevice(undefined)).toBe('an unknown browser');
  });

  it('run password checks a few at a time, an urgent one ahead of those waiting', async () => {
    const queue = new WorkQueue(1);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const first = queue.run(() => new Promise<void>((resolve) => (release = () => { order.push('first'); resolve(); })));
    const ordinary = queue.run(async () => void order.push('ordinary'));
    const urgent = queue.run(async () => void order.push('urgent'), true);
    expect(queue.waiting).toBe(2);
    release();
    await Promise.all([first, ordinary, urgent]);
    expect(order).toEqual(['first', 'urgent', 'ordinary']);
  });
});
