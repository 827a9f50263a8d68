import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { agencies, agencyOf } from '../services/contracts';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { catchUp } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { runDigestJob } from '../services/digest/digest-job';
import { appendAuditEntries, subjectAccess } from '../services/audit';
import { pipelineStatus } from '../services/consumers/status';
import { all, contains, parseFigureKey, partsOf } from '../services/disclosure-control';
import { chartColours, hotspotChartSvg, hotspotCounts, hotspotCsv, hotspotTable } from '../services/hotspots';
import { escapeHtml } from '../services/digest/escape-html';
import { loadPolicy } from '../services/policy';
import { loadRetentionSchedule, scheduleSections } from '../services/retention';
import { loadRuleSet } from '../services/risk';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { londonDateOf } from '../services/scheduler/schedule';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const artefacts = join(__dirname, '..', 'test-artifacts');
const threshold = 10;
const small = (value: number) => value > 0 && value < threshold;

/** The figures on the page, read back from its `data-figure` cells as a reader of the page could. */
function figuresOnPage(html: string): Array<{ key: string; measure: string; dims: Record<string, string>; shown: number | null }> {
  return [...html.matchAll(/<td class="count" data-figure="([^"]+)">([^<]*(?:<abbr[^>]*>\[c\]<\/abbr>)?)<\/td>/g)].map(([, key, text]) => ({
    key, ...parseFigureKey(key), shown: text.includes('[c]') ? null : Number(text.replace(/,/g, '')),
  }));
}

describe('the public transparency page and hot spots over a synthetic council', () => {
  let runtime: Runtime;
  let env: NodeJS.ProcessEnv;
  let html = '';
  const council = generateCouncil({ families: 300, seed: 17 });
  const date = '2026-03-29';
  const requests = 12;
  // The ledger and the audit log date what they record now: the page covers this month and the last, so a run across midnight at a month's end still counts everything.
  const month = londonDateOf(new Date()).slice(0, 7);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    env = { ...environmentFor(runtime.config), LIVE_RISK_DISCLOSURE_THRESHOLD: String(threshold) };
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    const day = generateAgencyEvents(council, { date, seed: 17 });
    for (const agency of agencies) {
      await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
    await catchUp(runtime);
    await runDigestJob(runtime, { date, rules: loadRuleSet(), policy: loadPolicy() });
    await catchUp(runtime, ['digests']);
    // Subject-access requests answered, recorded as `live-risk audit subject` records them.
    for (const row of council.rows.slice(0, requests)) {
      await runtime.db.transaction(async (trx) => {
        const found = await subjectAccess(trx, row.memberId);
        await appendAuditEntries(trx, [{ kind: 'subject-access', actor: 'operator:test', subjectMemberIds: [...found.memberIds], detail: { entriesFound: found.entries.length } }]);
      });
    }
    await mkdir(artefacts, { recursive: true });
    const out = join(artefacts, 'transparency.html');
    await promisify(execFile)(process.execPath, [cli, 'transparency', '--month', month, '--months', '2', '--out', out], { env });
    html = await readFile(out, 'utf8');
  });
  afterAll(async () => disposeRuntime(runtime));

  it('reconciles its counts with live-risk status and the audit log', async () => {
    const figures = new Map(figuresOnPage(html).map((figure) => [figure.key, figure.shown]));
    const status = await pipelineStatus(runtime);
    expect(status.reconciled).toBe(true);
    const topicOf = (agency: string) => status.agencyTopics.find((row) => row.topic === runtime.topics[agency as (typeof agencies)[number]]);
    const received = (agency: string) => {
      const row = topicOf(agency);
      return row ? row.linked + row.inReview + row.unlinked + row.deadLettered : 0;
    };
    const grand = agencies.reduce((sum, agency) => sum + received(agency), 0);
    expect(grand).toBeGreaterThan(threshold);
    expect(figures.get('events agency=* month=* outcome=*')).toBe(grand);
    expect(figures.get('events agency=* month=* outcome=matched')).toBe(agencies.reduce((sum, agency) => sum + (topicOf(agency)?.linked ?? 0), 0));
    let published = 0;
    for (const agency of agencies) {
      const shown = figures.get(`events agency=${agency} month=* outcome=*`);
      if (shown !== null && shown !== undefined) {
        expect(shown).toBe(received(agency));
        published += 1;
      }
    }
    expect(published).toBeGreaterThan(0);
    const audit: Array<{ kind: string; lawful_basis: string | null; count: string }> = await runtime.db('audit_log').groupBy('kind', 'lawful_basis').select('kind', 'lawful_basis', runtime.db.raw('count(*) as count'));
    const disclosures = audit.filter((row) => row.kind === 'disclosure');
    expect(figures.get('disclosures basis=* month=*')).toBe(disclosures.reduce((sum, row) => sum + Number(row.count), 0));
    for (const row of disclosures) {
      const shown = figures.get(`disclosures basis=${row.lawful_basis} month=*`);
      if (shown !== null) expect(shown).toBe(Number(row.count));
    }
    expect(figures.get('subject-access month=*')).toBe(requests);
    expect(figures.get(`families month=${month}`)).toBe(new Set(council.rows.map((row) => row.familyId)).size);
  });

  it('publishes no number below the threshold, and none can be recovered by differencing published figures', () => {
    const figures = figuresOnPage(html);
    const shown = figures.filter((figure) => figure.shown !== null) as Array<ReturnType<typeof figuresOnPage>[number] & { shown: number }>;
    expect(shown.length).toBeGreaterThan(10);
    expect(figures.some((figure) => figure.shown === null)).toBe(true);
    const problems: string[] = [];
    for (const a of shown) {
      if (small(a.shown)) problems.push(`${a.key} = ${a.shown}`);
      // Every pair of published figures: only nested ones (a total and a part of it) have a difference that counts anything.
      for (const b of shown) if (a !== b && contains(a, b) && small(a.shown - b.shown)) problems.push(`${a.key} − ${b.key} = ${a.shown - b.shown}`);
      for (const dimension of Object.keys(a.dims).filter((name) => a.dims[name] === all)) {
        const parts = partsOf(a, dimension, figures);
        if (!parts.length) continue;
        const rest = a.shown - parts.reduce((sum, part) => sum + (part.shown ?? 0), 0);
        if (small(rest)) problems.push(`${a.key} minus its published parts by ${dimension} = ${rest}`);
        if (parts.filter((part) => part.shown === null).length === 1) problems.push(`${a.key} minus its published parts by ${dimension} gives the one withheld part`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('states the period, the rule and policy versions and the suppression applied, and holds no identifier', () => {
    expect(html).toContain(`version ${loadPolicy().version}`);
    expect(html).toContain(`version ${loadRuleSet().version}`);
    // The retention schedule in force, every class with its period: the page must be true about what is deleted and when.
    const retention = loadRetentionSchedule(undefined, runtime.config);
    expect(html).toContain(`retention schedule (version ${retention.version})`);
    for (const section of scheduleSections(retention)) expect(html).toContain(`<th scope="row">${escapeHtml(section.title)}</th><td>${escapeHtml(section.keep)}</td>`);
    expect(html).toMatch(/Small numbers are suppressed: no count from 1 to 9 is published/);
    expect(html).toMatch(/<dt>Period<\/dt><dd>[A-Z][a-z]+ \d{4} to [A-Z][a-z]+ \d{4}/);
    expect(html).not.toMatch(/<script/i);
    for (const row of council.rows.slice(0, 50)) {
      expect(html).not.toContain(row.familyName);
      if (row.nhsNumber) expect(html).not.toContain(row.nhsNumber);
    }
  });

  it('looks right in Chromium: a screenshot saved in the test artefacts', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.LIVE_RISK_CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await page.setContent(html);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('How we share information about families we support');
      expect(await page.locator('table caption').count()).toBeGreaterThanOrEqual(8);
      const png = join(artefacts, 'transparency.png');
      await page.screenshot({ path: png, fullPage: true });
      expect((await stat(png)).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });

  it('counts hot spots by district and sector with small cells suppressed, as CSV and an accessible SVG', async () => {
    const range = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };
    for (const by of ['district', 'sector'] as const) {
      const { counts } = await hotspotCounts(runtime.db, range, by);
      const table = hotspotTable(counts, { threshold });
      const [{ count: matches }] = await runtime.db('matches').count<{ count: string }[]>({ count: '*' });
      expect(counts.reduce((sum, count) => sum + count.count, 0)).toBe(Number(matches));
      expect(table.figures.some((figure) => figure.suppression === 'primary')).toBe(true);
      expect(table.figures.filter((figure) => figure.shown !== null && small(figure.shown))).toEqual([]);
      for (const area of table.areas) expect(area).toMatch(by === 'district' ? /^[A-Z]{1,2}\d[A-Z\d]?$/ : /^[A-Z]{1,2}\d[A-Z\d]? \d$/);
      const csv = hotspotCsv(table.figures).trim().split('\n').slice(1).map((line) => line.split(','));
      expect(csv.filter(([, , incidents, suppressed]) => (suppressed === 'yes') !== (incidents === ''))).toEqual([]);
      expect(csv.filter(([, , incidents]) => incidents !== '' && small(Number(incidents)))).toEqual([]);
      const svg = hotspotChartSvg(table, { title: `Incidents by ${by}`, subtitle: 'March 2026' });
      await mkdir(artefacts, { recursive: true });
      await import('node:fs/promises').then((fs) => fs.writeFile(join(artefacts, `hotspots-${by}.svg`), svg));
      expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="hotspots-title hotspots-desc"/);
      expect(svg).toMatch(/<title id="hotspots-title">Incidents by /);
      expect(svg).toMatch(/<desc id="hotspots-desc">Bar chart of incidents[^<]*By area: /);
      expect(svg).not.toMatch(/<circle|<path/);
      const textColours = [...svg.matchAll(/<text [^>]*fill="(#[0-9a-f]{6})"/g)].map(([, colour]) => colour);
      expect(textColours.length).toBeGreaterThan(table.areas.length);
      for (const colour of new Set(textColours)) expect(contrastRatio(colour, chartColours.background)).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(chartColours.bar, chartColours.background)).toBeGreaterThanOrEqual(3);
    }
  });
});

/** WCAG 2.x contrast ratio of two sRGB colours written #rrggbb. */
function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b2] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
