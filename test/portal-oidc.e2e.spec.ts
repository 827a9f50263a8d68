import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listAuditEntries } from '../services/audit';
import { loadConfig } from '../services/platform/config';
import { connectKeycloakAdmin, type KeycloakAdmin } from '../services/platform/keycloak-admin';
import type { Runtime } from '../services/platform/runtime';
import { providerButtonLabel } from '../services/portal/oidc-routes';
import { sessionEndedText } from '../services/portal/pages/provider-sign-in';
import { createUser, deleteUser, disableUser, leaveGroup, type TestUser } from './support/keycloak-users';
import { buildPortalWorld, type PortalWorld } from './support/portal-world';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Signing in through the council's identity provider, in Chromium (no JavaScript on our pages), on
 * the real Keycloak the stack runs: its own login page, roles from its groups, a leaver disabled
 * there locked out at the portal's next check, and clear refusals. The portal checks sessions with
 * the provider every 2 seconds here (OIDC_RECHECK_SECONDS), so the tests wait a little over that.
 * Users and group memberships are made per test with random names. All data is synthetic.
 */
const executablePath = process.env.LIVE_RISK_CHROMIUM ?? '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const recheckSeconds = 2;
const pastTheNextCheck = () => new Promise((resolve) => setTimeout(resolve, recheckSeconds * 1000 + 500));

describe('signing in to the portal through the council\'s identity provider, in Chromium', () => {
  let runtime: Runtime;
  let world: PortalWorld;
  let browser: Browser;
  let admin: KeycloakAdmin;
  const users: TestUser[] = [];

  async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: world.portal.url });
    return { context, page: await context.newPage() };
  }
  async function user(options: Parameters<typeof createUser>[1]): Promise<TestUser> {
    const created = await createUser(admin, options);
    users.push(created);
    return created;
  }
  /** From the portal's sign-in page, through Keycloak's login form, to wherever the portal sends the browser. */
  async function signInAtProvider(page: Page, who: TestUser): Promise<void> {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: providerButtonLabel }).click();
    await page.locator('#username').fill(who.username);
    await page.locator('#password').fill(who.password);
    await page.locator('#kc-login').click();
    await page.waitForLoadState();
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const signIn = loadConfig({ ...process.env, PORTAL_SIGN_IN: 'both', OIDC_RECHECK_SECONDS: String(recheckSeconds) }).portalSignIn;
    world = await buildPortalWorld(runtime, { ...runtime, config: { ...runtime.config, portalSignIn: signIn } });
    admin = await connectKeycloakAdmin(runtime.config);
    browser = await chromium.launch({ executablePath, args: flags, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    for (const created of users) await deleteUser(admin, created.id).catch(() => undefined);
    await world?.close();
    await disposeRuntime(runtime);
  });

  it('signs in on the provider\'s own login page, links the account, and shows the roles its groups give; a group left is a role lost at the next check', async () => {
    const manager = await user({ practitionerId: 'P-T1', groups: ['lead-practitioners', 'team-managers'] });
    const { context, page } = await freshPage();
    await signInAtProvider(page, manager);
    await page.waitForURL((url) => url.pathname === '/');
    await expect(heading(page)).resolves.toBe('Your digests');
    await expect(page.locator('header .roles').textContent()).resolves.toBe('(lead practitioner, team manager)');
    const account = await runtime.db('portal_accounts').where({ practitioner_id: 'P-T1' }).first('identity_provider', 'subject', 'password_hash', 'roles');
    expect(account).toEqual({ identity_provider: 'http://127.0.0.1:8180/realms/live-risk', subject: manager.id, password_hash: null, roles: ['lead-practitioner', 'team-manager'] });
    const session = await runtime.db('portal_sessions').where({ practitioner_id: 'P-T1' }).first('roles', 'oidc_refresh_token');
    expect(session.roles).toEqual(['lead-practitioner', 'team-manager']);
    // Sealed, not a JWT in clear (Keycloak's refresh tokens are JWTs: eyJ…).
    expect(session.oidc_refresh_token).toMatch(/^[\w-]{100,}$/);
    expect(session.oidc_refresh_token).not.toMatch(/^eyJ/);

    await leaveGroup(admin, manager.id, 'team-managers');
    await pastTheNextCheck();
    await page.goto('/');
    await expect(heading(page)).resolves.toBe('Your digests');
    await expect(page.locator('header .roles').textContent()).resolves.toBe('(lead practitioner)');
    await context.close();
  });

  it('locks out a person disabled at the provider at the next check, and audits it', async () => {
    const leaver = await user({ practitionerId: 'P-T2', groups: ['lead-practitioners'] });
    const { context, page } = await freshPage();
    await signInAtProvider(page, leaver);
    await page.waitForURL((url) => url.pathname === '/');
    // A check that the provider answers "yes" to keeps the session.
    await pastTheNextCheck();
    await page.goto(`/digests/${world.digests['P-T2'].digestId}`);
    await expect(heading(page)).resolves.toMatch(/^Live risk digest for/);

    await disableUser(admin, leaver.id);
    await pastTheNextCheck();
    await page.goto(`/digests/${world.digests['P-T2'].digestId}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in/oidc/ended');
    await expect(page.locator('main').textContent()).resolves.toContain(sessionEndedText);
    await expect(page.content()).resolves.not.toMatch(/Brackenridge|SF-T2/);
    expect(await runtime.db('portal_sessions').where({ practitioner_id: 'P-T2' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    const ended = (await listAuditEntries(runtime.db, { limit: 200 })).filter((entry) => entry.kind === 'refused' && entry.actor === 'P-T2');
    expect(ended).toEqual([expect.objectContaining({ detail: expect.objectContaining({ page: 'session-check', reason: 'refused-by-provider' }) })]);
    // And the provider will not sign them in again either.
    await signInAtProvider(page, leaver);
    expect(new URL(page.url()).origin).toBe('http://127.0.0.1:8180');
    await context.close();
  });

  it('refuses someone with no practitioner id, or in no portal group, with a page that says what to ask IT for, and audits it', async () => {
    const noId = await user({ groups: ['lead-practitioners'] });
    const noGroup = await user({ practitionerId: 'P-T3', groups: [] });
    const { context, page } = await freshPage();
    await signInAtProvider(page, noId);
    await expect(heading(page)).resolves.toBe('You cannot sign in to Live risk yet');
    await expect(page.locator('main').textContent()).resolves.toMatch(/does not say which practitioner you are\. Ask your IT service desk to set your practitioner id/);
    await context.close();

    const second = await freshPage();
    await signInAtProvider(second.page, noGroup);
    await expect(heading(second.page)).resolves.toBe('You cannot sign in to Live risk yet');
    await expect(second.page.locator('main').textContent()).resolves.toMatch(/not in any group that gives access to Live risk\. Ask your IT service desk to add you to the group for your role/);
    await second.page.goto('/');
    expect(new URL(second.page.url()).pathname).toBe('/sign-in');
    await second.context.close();

    const refusals = (await listAuditEntries(runtime.db, { limit: 200 })).filter((entry) => entry.kind === 'refused' && entry.detail.page === 'sign-in');
    expect(refusals).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: `oidc:${noId.id}`, detail: expect.objectContaining({ reason: 'no-practitioner-id' }) }),
      expect.objectContaining({ actor: `oidc:${noGroup.id}`, recipient: 'P-T3', detail: expect.objectContaining({ reason: 'no-role' }) }),
    ]));
    expect(await runtime.db('portal_accounts').where({ practitioner_id: 'P-T3' }).first('identity_provider')).toEqual({ identity_provider: null });
  });

  it('signs out of the provider too, so the next sign-in asks for the password again', async () => {
    const practitioner = await user({ practitionerId: 'P-T3', groups: ['reviewers'] });
    const { context, page } = await freshPage();
    await signInAtProvider(page, practitioner);
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.locator('header .roles').textContent()).resolves.toBe('(reviewer)');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && url.origin === world.portal.url);
    const sessionsAtProvider = await admin.request<unknown[]>('GET', `/live-risk/users/${practitioner.id}/sessions`);
    expect(sessionsAtProvider.body).toEqual([]);
    // Had the provider kept its session, it would send the browser straight back to the portal's home page.
    await page.getByRole('button', { name: providerButtonLabel }).click();
    await page.waitForURL((url) => url.origin === 'http://127.0.0.1:8180' || url.pathname === '/');
    expect(new URL(page.url()).origin).toBe('http://127.0.0.1:8180');
    await expect(page.locator('#password').count()).resolves.toBe(1);
    await context.close();
  });
});
