import { listAuditEntries } from '../services/audit';
import { startPortal, type RunningPortal } from '../services/portal';
import { assignCover, endCover, setRoles } from '../services/portal';
import type { Runtime } from '../services/platform/runtime';
import { buildPortalWorld, passwords, testScrypt, type PortalWorld } from './support/portal-world';
import { cookiePair, hiddenCsrf, portalClient } from './support/portal-client';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The portal over plain HTTP: cookie flags, security headers, CSRF rejection, and the same 404 for
 * "not yours" as for "no such id", with a 'refused' audit entry. The browser tests
 * (portal.e2e.spec.ts) cover the same ground as a practitioner would.
 */

describe('the practitioner portal over HTTP', () => {
  let runtime: Runtime;
  let world: PortalWorld;
  let base: string;

  const { request, post, signIn: signInAs } = portalClient(() => base);
  const signIn = (practitionerId: keyof typeof passwords) => signInAs(practitionerId, passwords[practitionerId]);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    world = await buildPortalWorld(runtime);
    base = world.portal.url;
  });
  afterAll(async () => {
    await world?.close();
    await disposeRuntime(runtime);
  });

  it('sends strict security headers and no script, and sets HttpOnly SameSite=Strict cookies without Secure over plain http', async () => {
    const page = await request('/sign-in');
    // The whole policy, exactly (helmet writes directives separated by ';' without a space).
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.body).not.toMatch(/<script|style=/i);
    const [signInCookie] = page.headers.getSetCookie();
    expect(signInCookie).toMatch(/^live-risk-sign-in=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=900$/);
    const form = await request('/sign-in');
    const signed = await post('/sign-in', { csrf: hiddenCsrf(form.body), practitionerId: 'P-T1', password: passwords['P-T1'] }, cookiePair(form.headers.getSetCookie()[0]));
    expect(signed.headers.getSetCookie()[0]).toMatch(/^live-risk-session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('marks cookies Secure, with the __Host- prefix, when PORTAL_URL is https', async () => {
    const behindTls: RunningPortal = await startPortal({ ...runtime, config: { ...runtime.config, portalUrl: 'https://live-risk.council.example' } }, {
      listen: { host: '127.0.0.1', port: 0 }, scrypt: testScrypt,
    });
    try {
      const res = await fetch(`${behindTls.url}/sign-in`);
      expect(res.headers.getSetCookie()[0]).toMatch(/^__Host-live-risk-sign-in=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=900$/);
    } finally {
      await behindTls.close();
    }
  });

  it('refuses a sign-in or a state change without the right CSRF token, or from another origin, with 403', async () => {
    const form = await request('/sign-in');
    const signInCookie = cookiePair(form.headers.getSetCookie()[0]);
    const credentials = { practitionerId: 'P-T1', password: passwords['P-T1'] };
    expect((await post('/sign-in', credentials, signInCookie)).status).toBe(403);
    expect((await post('/sign-in', { ...credentials, csrf: 'wrong' }, signInCookie)).status).toBe(403);
    expect((await post('/sign-in', { ...credentials, csrf: hiddenCsrf(form.body) }, signInCookie, 'https://evil.example')).status).toBe(403);

    const { cookie, csrf } = await signIn('P-T1');
    const { digestId, families } = world.digests['P-T1'];
    const acknowledge = `/digests/${digestId}/items/${families[0].items[0].matchId}/acknowledge`;
    expect((await post(acknowledge, {}, cookie)).status).toBe(403);
    expect((await post(acknowledge, { csrf: `${csrf.slice(0, -1)}x` }, cookie)).status).toBe(403);
    expect((await post(acknowledge, { csrf }, cookie, 'https://evil.example')).status).toBe(403);
    expect((await post('/sign-out', { csrf: 'wrong' }, cookie)).status).toBe(403);
    expect(await runtime.db('outbox').whereRaw(`payload->>'type' = 'item.acknowledged'`).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it("answers another practitioner's digest or family exactly as a nonexistent one, and records the refusal", async () => {
    const { cookie } = await signIn('P-T1');
    const other = world.digests['P-T2'];
    const missingDigest = await request('/digests/no-such-digest', { cookie });
    const otherDigest = await request(`/digests/${other.digestId}`, { cookie });
    const missingFamily = await request('/families/F-NO-SUCH', { cookie });
    const otherFamily = await request('/families/F-TEST-2', { cookie });
    const otherSummary = await request('/families/F-TEST-2/summary', { cookie });
    for (const reply of [otherDigest, missingFamily, otherFamily, otherSummary]) {
      expect(reply.status).toBe(404);
      expect(reply.body).toBe(missingDigest.body);
    }
    expect(missingDigest.status).toBe(404);
    expect(otherDigest.body).not.toMatch(/Brackenridge|SF-T2/);
    const refused = (await listAuditEntries(runtime.db, { limit: 100 })).filter((entry) => entry.kind === 'refused');
    expect(refused).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'P-T1', digestId: other.digestId }),
      expect.objectContaining({ actor: 'P-T1', familyId: 'F-TEST-2', detail: expect.objectContaining({ page: 'family' }) }),
      expect.objectContaining({ actor: 'P-T1', familyId: 'F-TEST-2', detail: expect.objectContaining({ page: 'family-summary' }) }),
    ]));
  });

  it('records every view, and shows the family summary with what is held and who can see it', async () => {
    const { cookie } = await signIn('P-T1');
    const summary = await request('/families/F-TEST-1/summary', { cookie });
    expect(summary.status).toBe(200);
    expect(summary.body).toMatch(/Rhiannon Quillfeather/);
    expect(summary.body).toMatch(/Pat Tester, your lead practitioner/);
    expect(summary.body).toMatch(/<caption>The police: what they may share, and with whom<\/caption>/);
    expect(summary.body).toMatch(/subject access request/);
    const views = (await listAuditEntries(runtime.db, { limit: 100 })).filter((entry) => entry.kind === 'view' && entry.actor === 'P-T1');
    expect(views).toEqual(expect.arrayContaining([expect.objectContaining({ familyId: 'F-TEST-1', detail: expect.objectContaining({ page: 'family-summary' }) })]));
  });

  it('lets a covering practitioner see the family while the cover lasts, and not after it ends', async () => {
    const { cookie } = await signIn('P-T2');
    expect((await request('/families/F-TEST-1', { cookie })).status).toBe(404);
    await assignCover(runtime.db, { familyId: 'F-TEST-1', practitionerId: 'P-T2', assignedBy: 'manager-test' }, new Date(Date.now() - 1000));
    const covered = await request('/families/F-TEST-1', { cookie });
    expect(covered.status).toBe(200);
    expect(covered.body).toMatch(/You are covering this family/);
    expect((await request(`/digests/${world.digests['P-T1'].digestId}`, { cookie })).status).toBe(404);
    await endCover(runtime.db, { familyId: 'F-TEST-1', practitionerId: 'P-T2' }, new Date());
    expect((await request('/families/F-TEST-1', { cookie })).status).toBe(404);
  });

  it("copies an account's roles into its sessions, and a change of roles signs the person out so it applies from their next sign-in", async () => {
    const sessionRoles = async () =>
      (await runtime.db('portal_sessions').where({ practitioner_id: 'P-T2' }).select('roles')).map((row: { roles: string[] }) => row.roles);
    const before = await signIn('P-T2');
    expect(new Set((await sessionRoles()).flat())).toEqual(new Set(['lead-practitioner']));
    await setRoles(runtime.db, 'P-T2', ['lead-practitioner', 'team-manager']);
    expect(await sessionRoles()).toEqual([]);
    const signedOut = await request('/', { cookie: before.cookie });
    expect([signedOut.status, signedOut.headers.get('location')]).toEqual([303, '/sign-in']);
    await signIn('P-T2');
    expect(await sessionRoles()).toEqual([['lead-practitioner', 'team-manager']]);
    await expect(setRoles(runtime.db, 'P-T2', [])).rejects.toThrow(/at least one role/);
    await expect(setRoles(runtime.db, 'nobody', ['reviewer'])).rejects.toThrow(/no portal account/);
  });
});
