import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { catchUpOrder, followConsumers } from '../pipelines/consumers';
import { listAuditEntries } from '../services/audit';
import { waitForConsumers } from '../services/consumers/progress';
import { runDigestJob } from '../services/digest/digest-job';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { startPortal, type RunningPortal } from '../services/portal';
import { loadRuleSet } from '../services/risk';
import { testScrypt } from './support/portal-world';
import { buildTeamWorld, north, teamPasswords } from './support/team-world';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The team manager's and the reviewer's screens in Chromium, with no client-side JavaScript, the
 * consumers running beside the portal as in production. A manager sees their own team's families
 * and the high-risk items nobody has acknowledged, and assigns cover that the covering practitioner
 * can then use; a reviewer confirms a match that the next digest carries; a lead practitioner
 * without those roles finds neither screen. All data is synthetic.
 */
const executablePath = process.env.LIVE_RISK_CHROMIUM ?? '/usr/bin/chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
type Who = keyof typeof teamPasswords;

describe('the team manager and reviewer screens in Chromium', () => {
  let runtime: Runtime;
  let portal: RunningPortal;
  let browser: Browser;
  const consumers = new AbortController();
  let following: Promise<void> | undefined;

  async function signedIn(who: Who): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: portal.url });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('User id').fill(who);
    await page.getByLabel('Password').fill(teamPasswords[who]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Your digests');
    return { context, page };
  }
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await buildTeamWorld(runtime);
    portal = await startPortal(runtime, { listen: { host: '127.0.0.1', port: 0 }, scrypt: testScrypt });
    following = followConsumers(runtime, catchUpOrder, { signal: consumers.signal });
    browser = await chromium.launch({ executablePath, args: flags, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    consumers.abort();
    await following;
    await disposeRuntime(runtime);
  });

  it("shows a manager their team's families and the unacknowledged high-risk item, as the policy lets a manager see it, and no other team's", async () => {
    const { context, page } = await signedIn('P-M1');
    await page.getByRole('link', { name: 'Your team' }).click();
    await expect(heading(page)).resolves.toBe(`Your team: ${north}`);
    const families = page.getByRole('table', { name: 'Families whose lead practitioner is in your team' });
    await expect(families.getByRole('rowheader').allTextContents()).resolves.toEqual(['SF-C1', 'SF-M1', 'SF-N1']);
    await expect(families.getByRole('row', { name: /SF-N1/ }).textContent()).resolves.toMatch(/Lou Lead.*open.*Sunday 29 March 2026/);
    const waiting = page.locator('article');
    await expect(waiting.count()).resolves.toBe(1);
    await expect(waiting.textContent()).resolves.toMatch(/Domestic abuse[\s\S]*Shared as a summary \(no narrative\)[\s\S]*Avon and Wessex Police[\s\S]*In the digest for Sunday 29 March 2026 to Lou Lead\. Nobody has acknowledged it yet\./);
    const html = await page.content();
    expect(html).not.toMatch(/SF-S1|Synthetic narrative|Wilhelmina|Octavia/);
    const views = (await listAuditEntries(runtime.db, { limit: 200 })).filter((e) => e.actor === 'P-M1' && e.kind === 'view' && e.detail.page === 'team');
    expect(views.map((e) => e.familyId).sort()).toEqual(['F-C1', 'F-M1', 'F-N1']);
    await context.close();
  });

  it('assigns cover from the form, after which the covering practitioner can open the family, and ends it again', async () => {
    const cover = await signedIn('P-C1');
    expect((await cover.page.goto('/families/F-N1'))?.status()).toBe(404);

    const { context, page } = await signedIn('P-M1');
    await page.goto('/team');
    await page.getByLabel('Family').selectOption({ label: 'SF-N1 (lead: Lou Lead)' });
    await page.getByLabel('Covering practitioner').selectOption({ label: 'Casey Cover' });
    await page.getByLabel('Last day of cover (optional)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Assign cover' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/The last day of cover must be today or later\./);
    await page.getByLabel('Last day of cover (optional)').fill('');
    await page.getByLabel('Reason (optional)').fill('Lou on leave this week');
    await page.getByRole('button', { name: 'Assign cover' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Cover assigned\./);
    await expect(page.getByRole('row', { name: /SF-N1/ }).textContent()).resolves.toMatch(/Casey Cover/);

    expect((await cover.page.goto('/families/F-N1'))?.status()).toBe(200);
    await expect(heading(cover.page)).resolves.toBe('Family SF-N1');
    await expect(cover.page.textContent('main')).resolves.toMatch(/You are covering this family/);

    await page.getByRole('button', { name: 'End cover by Casey Cover of family SF-N1' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/^Cover ended\./);
    expect((await cover.page.goto('/families/F-N1'))?.status()).toBe(404);
    await Promise.all([context.close(), cover.context.close()]);
  });

  it('lets a reviewer confirm a match, with a reason required to reject, and the next digest carries it', async () => {
    const { context, page } = await signedIn('P-R1');
    await page.getByRole('link', { name: 'Reviews' }).click();
    await expect(heading(page)).resolves.toBe('Reviews');
    await page.getByRole('table', { name: 'Open reviews, oldest first' }).getByRole('link').first().click();
    await expect(heading(page)).resolves.toBe('Is this the same person?');
    const records = page.getByRole('table', { name: /The person in the agency's record/ });
    await expect(records.getByRole('row', { name: /^Name/ }).textContent()).resolves.toBe('NameRhi QuillfeatherRhiannon Quillfeather');
    await expect(page.textContent('main')).resolves.toMatch(/date of birth similar \(year off by one\)/);

    await page.getByLabel('No, a different person: reject').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/a rejection needs a reason/);
    await page.getByLabel('Yes, the same person: confirm').check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect(page.locator('.acknowledged').textContent()).resolves.toMatch(/^Confirmed: the same person, by Riley Reviewer \(P-R1\) on /);
    await context.close();

    await waitForConsumers(runtime, ['matches'], { timeoutMs: 60_000, upstream: true });
    await runDigestJob(runtime, { date: '2026-03-30', rules: loadRuleSet(), policy: loadPolicy() });
    await waitForConsumers(runtime, ['digests'], { timeoutMs: 60_000 });
    const lead = await signedIn('P-T1');
    await lead.page.getByRole('link', { name: /30 March 2026/ }).click();
    await expect(lead.page.locator('article').first().textContent()).resolves.toMatch(/confirmed by Riley Reviewer \(P-R1\) on review/);
    await lead.context.close();
  });

  it('answers a lead practitioner without the roles as if neither screen existed, and refuses their form posts', async () => {
    const { context, page } = await signedIn('P-L1');
    await expect(page.getByRole('link', { name: 'Your team' }).count()).resolves.toBe(0);
    const missing = await (await page.goto('/no-such-page'))?.text();
    for (const path of ['/team', '/reviews', '/reviews/anything']) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      expect(await response?.text()).toBe(missing);
    }
    await page.goto('/');
    const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
    const posted = await context.request.post('/team/cover/assign', { form: { csrf: csrf ?? '', familyId: 'F-N1', practitionerId: 'P-L1' }, headers: { origin: portal.url } });
    expect(posted.status()).toBe(404);
    expect(await runtime.db('family_cover').where({ practitioner_id: 'P-L1' }).count({ n: '*' })).toEqual([{ n: '0' }]);
    const refused = (await listAuditEntries(runtime.db, { limit: 300 })).filter((e) => e.kind === 'refused' && e.actor === 'P-L1');
    expect(refused.map((e) => e.justification)).toEqual(expect.arrayContaining(['needs the team-manager role', 'needs the reviewer role']));
    await context.close();
  });
});
