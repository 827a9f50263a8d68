import { fromAllowedOrigin, sameToken } from './csrf';
import { cookie, safeNext } from './http';
import { hashPassword, needsRehash, parseHash, passwordProblem, verifyPassword } from './passwords';

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
