import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { listAuditEntries } from '../services/audit';
import type { Runtime } from '../services/platform/runtime';
import { signInRefusal } from '../services/portal/pages/sign-in';
import { buildPortalWorld, passwords, type PortalWorld } from './support/portal-world';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The portal in a real browser: Debian's Chromium (installed by scripts/ensure-test-tools.sh, which
 * `npm test` runs first) driven by playwright-core, with no client-side JavaScript on any page. A
 * practitioner signs in, reads a digest, acknowledges an item with a plain form post, moves around
 * with the keyboard, and is refused another practitioner's family and digest; an account locks
 * after repeated failures. All data is synthetic.
 */
const executablePath = process.env.LIVE_RISK_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach Google, which our machines refuse.
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('the practitioner portal in Chromium', () => {
  let runtime: Runtime;
  let world: PortalWorld;
  let browser: Browser;

  async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: world.portal.url });
    return { context, page: await context.newPage() };
  }
  async function signIn(page: Page, practitionerId: string, password: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('User id').fill(practitionerId);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    world = await buildPortalWorld(runtime);
    // launch() gives Chromium a fresh, empty --user-data-dir of its own each time, and removes it after.
    browser = await chromium.launch({ executablePath, args: flags, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await disposeRuntime(runtime);
  });

  it('signs in after a wrong password, then reads the digest with each item’s source, rule and why it was linked', async () => {
    const { context, page } = await freshPage();
    await signIn(page, 'P-T1', 'not the right password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(signInRefusal);
    await signIn(page, 'P-T1', passwords['P-T1']);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your digests');
    await page.getByRole('link', { name: /29 March 2026/ }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Live risk digest for/);
    const item = page.locator('article').first();
    await expect(item.locator('dt', { hasText: 'Source' }).locator('xpath=following-sibling::dd[1]').textContent()).resolves.toBe('Avon and Wessex Police (police)');
    await expect(item.textContent()).resolves.toMatch(/rule police\.DOMESTIC_ABUSE, version/);
    await expect(item.locator('dt', { hasText: 'Why linked to this family' }).count()).resolves.toBe(1);
    await context.close();
  });

  it('acknowledges an item with a plain form post; the page then says so, from the projection of acknowledgements.v1', async () => {
    const { context, page } = await freshPage();
    await signIn(page, 'P-T1', passwords['P-T1']);
    const digest = world.digests['P-T1'];
    await page.goto(`/digests/${digest.digestId}`);
    await page.getByRole('button', { name: /^Acknowledge/ }).first().click();
    await expect(page.locator('.acknowledged').first().textContent()).resolves.toMatch(/^Acknowledged by you on /);
    const matchId = digest.families[0].items[0].matchId;
    const rows = await runtime.db('acknowledgements').where({ practitioner_id: 'P-T1', match_id: matchId }).select('payload');
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual(expect.objectContaining({ type: 'item.acknowledged', digestId: digest.digestId, familyId: 'F-TEST-1' }));
    const offsets = await runtime.db('consumer_offsets').where({ consumer: 'projection.acknowledgements' }).sum({ n: 'next_offset' });
    expect(Number(offsets[0].n)).toBe(1); // it came back from Kafka: one message on acknowledgements.v1
    await context.close();
  });

  it('lets a keyboard user reach the skip link first, and then the acknowledge button', async () => {
    const { context, page } = await freshPage();
    await signIn(page, 'P-T2', passwords['P-T2']);
    await page.goto(`/digests/${world.digests['P-T2'].digestId}`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    await expect(focused.textContent()).resolves.toBe('Skip to main content');
    let reached = false;
    for (let tab = 0; tab < 40 && !reached; tab += 1) {
      await page.keyboard.press('Tab');
      reached = (await focused.evaluate((element) => element.tagName)) === 'BUTTON' && /^Acknowledge/.test((await focused.textContent()) ?? '');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.locator('.acknowledged').first().textContent()).resolves.toMatch(/^Acknowledged by you on /);
    await context.close();
  });

  it("refuses another practitioner's family and digest by URL with the same 404 as a nonexistent id, and audits it", async () => {
    const { context, page } = await freshPage();
    await signIn(page, 'P-T1', passwords['P-T1']);
    const missing = await page.goto('/families/F-DOES-NOT-EXIST');
    const missingBody = await missing?.text();
    const otherFamily = await page.goto('/families/F-TEST-2');
    expect(otherFamily?.status()).toBe(404);
    expect(await otherFamily?.text()).toBe(missingBody);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    const otherDigest = await page.goto(`/digests/${world.digests['P-T2'].digestId}`);
    expect(otherDigest?.status()).toBe(404);
    expect(await otherDigest?.text()).toBe(missingBody);
    await expect(page.content()).resolves.not.toMatch(/Brackenridge|SF-T2/);
    const refused = (await listAuditEntries(runtime.db, { limit: 200 })).filter((entry) => entry.kind === 'refused' && entry.actor === 'P-T1');
    expect(refused).toEqual(expect.arrayContaining([
      expect.objectContaining({ familyId: 'F-TEST-2' }),
      expect.objectContaining({ digestId: world.digests['P-T2'].digestId }),
    ]));
    await context.close();
  });

  it('locks an account after five failed attempts: then even the right password is refused, with the same message', async () => {
    const { context, page } = await freshPage();
    for (let attempt = 1; attempt <= 5; attempt += 1) await signIn(page, 'P-T3', `wrong guess number ${attempt}`);
    await signIn(page, 'P-T3', passwords['P-T3']);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(signInRefusal);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to Live risk');
    const account = await runtime.db('portal_accounts').where({ practitioner_id: 'P-T3' }).first('locked_until');
    expect(account.locked_until.getTime()).toBeGreaterThan(Date.now());
    await context.close();
  });
});
