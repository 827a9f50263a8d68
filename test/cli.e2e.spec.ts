import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { formatCohortCsv } from '../services/cohort/csv-format';
import type { Runtime } from '../services/platform/runtime';
import { publishEvents } from '../services/platform/publish';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { nextDate } from '../services/digest/window';
import { latestDueDate } from '../services/scheduler/schedule';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('the live-risk command', () => {
  let runtime: Runtime;
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-e2e-'));
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
  });
  afterAll(async () => disposeRuntime(runtime));

  it('rejects a cohort file with bad rows by line number and publishes nothing', async () => {
    const good = formatCohortCsv(oneFamilyRows);
    const bad = good.replace(/\r?\n$/, '') + '\r\nF-X,SF-X,P-X,Pat,pat@council.example,,F-X-M1,Al,Bo,1990-13-40,,,1 Road,,,BA1 1AA,,consent,,\r\n';
    writeFileSync(join(dir, 'bad.csv'), bad);
    const result = await run('cohort', 'import', join(dir, 'bad.csv'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad\.csv:3: .*date_of_birth/);
    expect(result.stderr).toMatch(/nothing imported/);
    const admin = runtime.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(runtime.topics.cohort);
    await admin.disconnect();
    expect(offsets.every((partition) => partition.high === '0')).toBe(true);
  });

  it('imports a cohort, runs the consumers and prints the day’s digest as JSON with times carrying offsets', async () => {
    writeFileSync(join(dir, 'good.csv'), formatCohortCsv(oneFamilyRows));
    expect((await run('cohort', 'import', join(dir, 'good.csv'))).code).toBe(0);
    expect((await run('run', 'cohort')).code).toBe(0);
    await publishEvents(runtime, 'police', [policeEventFor(oneFamilyRows[0], 'ASP-E2E-1', '2026-03-28T22:00:00+00:00')], (e) => e.eventId);
    expect((await run('run')).code).toBe(0);
    const issued = await run('issue-digests', '--date', '2026-03-29');
    expect(issued.stdout).toMatch(/issued 1 digests with 1 items for 2026-03-29 \(rules 2026\.3\); 0 already issued/);
    expect(issued.stdout).toMatch(/emails: 1 sent, 0 refused, 0 waiting/);
    // Development runs the consumers once; in production `run --follow` projects the digest.
    expect((await run('run', 'digests')).code).toBe(0);

    const printed = await run('digest', '--date', '2026-03-29', '--format', 'json');
    expect(printed.code).toBe(0);
    const [digest] = JSON.parse(printed.stdout);
    expect(digest).toMatchObject({
      practitionerId: 'P-T1',
      date: '2026-03-29',
      window: { from: '2026-03-28T07:00:00+00:00', to: '2026-03-29T07:00:00+01:00' },
      ruleSetVersion: '2026.3',
      counts: { high: 1, medium: 0, low: 0, information: 0 },
      families: [
        {
          familyId: 'F-TEST-1',
          riskLevel: 'high',
          findings: [],
          items: [
            {
              familyId: 'F-TEST-1',
              riskLevel: 'high',
              rule: { id: 'police.DOMESTIC_ABUSE', version: '2026.3' },
              ratedBecause: 'Police rate "Domestic abuse incident" as high risk',
              timing: 'new',
              agency: 'police',
              category: 'DOMESTIC_ABUSE',
              occurredAt: '2026-03-28T21:00:00+00:00',
              reportedAt: '2026-03-28T22:00:00+00:00',
              whyMatched: 'victim Rhiannon: name and date of birth agree',
            },
          ],
        },
      ],
    });
  });

  it('says what to do when no digest was issued for a date, and exits 1', async () => {
    const result = await run('digest', '--date', '2026-01-01');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/what to do: issue them with `live-risk issue-digests --date 2026-01-01`/);
  });

  it('refuses to issue a day whose cut-off has not come yet, and says when it will be due', async () => {
    const notYetDue = nextDate(latestDueDate(new Date(), { hours: 7, minutes: 0 }));
    const result = await run('issue-digests', '--date', notYetDue);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`the digests for ${notYetDue} are not due yet: their window runs to 07:00 on \\w+ \\d+ \\w+ \\d{4} \\(Europe/London\\)`));
    expect(await runtime.db('digest_ledger').where('digest_date', notYetDue).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('rejects a malformed date before touching any service, with exit code 2', async () => {
    const result = await run('digest', '--date', '29/03/2026');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/YYYY-MM-DD/);
  });
});
