import { chromium, type Browser, type Page } from 'playwright-core';
import type { Runtime } from '../services/platform/runtime';
import { buildEncompassWorld, notifications, people, type EncompassWorld } from './support/encompass-world';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * A school's designated safeguarding lead in Chromium, with no client-side JavaScript: they sign in,
 * land on their school's Operation Encompass notifications and see only those, read one with exactly
 * what the force sent, and acknowledge it; the other school's DSL sees none of it. All data is synthetic.
 */
const executablePath = process.env.LIVE_RISK_CHROMIUM ?? '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('a school DSL in Chromium', () => {
  let runtime: Runtime;
  let world: EncompassWorld;
  let browser: Browser;

  async function signIn(who: 'DSL-A' | 'DSL-B'): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: world.portal.url });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('User id').fill(who);
    await page.getByLabel('Password').fill(people[who].password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  const notificationRows = (page: Page) => page.getByRole('table', { name: /^Notifications for your school/ }).getByRole('row');

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    world = await buildEncompassWorld(runtime);
    browser = await chromium.launch({ executablePath, args: flags, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await disposeRuntime(runtime);
  });

  it("signs a DSL in to their school's notifications only, shows what the force sent, and takes their acknowledgement", async () => {
    const page = await signIn('DSL-A');
    await expect(heading(page)).resolves.toBe('Operation Encompass notifications');
    await expect(page.getByRole('navigation', { name: 'Portal' }).getByRole('link').allTextContents()).resolves.toEqual(['Your sessions', 'Operation Encompass']);
    // The header row and one notification: school A's, not B's, not the home-educated child's.
    await expect(notificationRows(page).count()).resolves.toBe(2);
    await expect(notificationRows(page).nth(1).textContent()).resolves.toMatch(/Avon and Wessex Police[\s\S]*On time[\s\S]*Not yet acknowledged/);
    const listed = await page.content();
    expect(listed).not.toMatch(new RegExp(`${notifications.b.notificationId}|${notifications.home.notificationId}|Barnaby|Hester|Araminta`));

    await notificationRows(page).nth(1).getByRole('link').click();
    await expect(heading(page)).resolves.toBe('Operation Encompass notification');
    const sent = page.getByRole('table', { name: /What the force sent/ });
    await expect(sent.getByRole('rowheader').allTextContents()).resolves.toEqual(['Child', 'Police reference', 'When', 'Where (postcode district)', 'How the child figures in the police record', 'What happened']);
    await expect(sent.textContent()).resolves.toContain('Araminta Oakhollow, born Wednesday 6 May 2015');
    await expect(sent.textContent()).resolves.toContain('Synthetic account <b>A</b>');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(page.locator('p.acknowledged').textContent()).resolves.toMatch(/^Acknowledged by DSL-A on /);
    await page.getByRole('link', { name: 'All notifications' }).click();
    await expect(notificationRows(page).nth(1).textContent()).resolves.toMatch(/Acknowledged \w{3} \d/);
  });

  it("shows the other school's DSL only their own, and the not-found page for school A's and for a family", async () => {
    const page = await signIn('DSL-B');
    await expect(notificationRows(page).count()).resolves.toBe(2);
    await expect(notificationRows(page).nth(1).getByRole('link').getAttribute('href')).resolves.toBe(`/encompass/${notifications.b.notificationId}`);
    await page.goto(`/encompass/${notifications.a.notificationId}`);
    await expect(heading(page)).resolves.toBe('Page not found');
    await page.goto('/families/F-EB');
    await expect(heading(page)).resolves.toBe('Page not found');
  });
});
