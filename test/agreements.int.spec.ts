import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { londonDateOf } from '../services/scheduler/schedule';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { scrape, startLiveProcess, untilReady, type LiveProcess } from './support/live-process';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * A sharing agreement past its review date is reported by `status` and on the metrics, and stops
 * nothing: the police agreement of the policy in force was due for review ten days ago, and the
 * police incident is still linked, digested and accounted for. All data is synthetic.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };
const dayMs = 86_400_000;

describe('an agreement past its review date', () => {
  let runtime: Runtime;
  let env: NodeJS.ProcessEnv;
  let consumers: LiveProcess | undefined;
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const reviewDate = londonDateOf(new Date(Date.now() - 10 * dayMs));

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const dir = await mkdtemp(join(tmpdir(), 'live-risk-agreements-'));
    const policy = JSON.parse(JSON.stringify(loadPolicy()));
    policy.version = '2026.2-overdue-test';
    policy.agencies.police.agreement = { ...policy.agencies.police.agreement, startDate: '2025-01-01', reviewDate };
    const policyFile = join(dir, 'policy.json');
    await writeFile(policyFile, JSON.stringify(policy));
    env = { ...environmentFor(runtime.config), LIVE_RISK_POLICY_FILE: policyFile, DIGEST_EMPTY_DAYS: 'skip' };
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await publishEvents(runtime, 'police', [policeEventFor(oneFamilyRows[0], 'ASP-AGREE-1')], (e) => e.eventId);
  });
  afterAll(async () => {
    await consumers?.stop();
    await disposeRuntime(runtime);
  });

  it('is reported by status, which still exits 0 once every message is accounted for, and the police incident is still shared', async () => {
    expect((await run('run')).code).toBe(0);
    const issued = await run('issue-digests', '--date', '2026-03-29');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(/with 1 items for 2026-03-29/);

    // The digests issued are projected too, so nothing is left pending.
    expect((await run('run')).code).toBe(0);
    const status = await run('status');
    expect([status.code, status.stdout]).toEqual([0, expect.stringContaining('sharing agreements (policy 2026.2-overdue-test')]);
    expect(status.stdout).toMatch(new RegExp(`^ {2}police +DISC-PISA-2026-001 +review by ${reviewDate} {2}REVIEW OVERDUE by 10 days$`, 'm'));
    expect(status.stdout).toMatch(/^ {2}education +DISC-PISA-2026-011 +review by 2027-09-01$/m);
    expect(status.stdout).toContain('1 agreement is past its review date: sharing continues');
    expect(status.stdout.trimEnd()).toMatch(/every message is accounted for$/);

    const json = JSON.parse((await run('status', '--format', 'json')).stdout);
    expect(json.reconciled).toBe(true);
    expect(json.agreements.policyVersion).toBe('2026.2-overdue-test');
    expect(json.agreements.standings).toContainEqual({ agency: 'police', reference: 'DISC-PISA-2026-001', reviewDate, daysOverdue: 10, overdue: true });
    expect(json.agreements.standings.filter((row: { overdue: boolean }) => row.overdue)).toHaveLength(1);
  });

  it('is on the metrics of a running process, per agency', async () => {
    consumers = await startLiveProcess(['run', '--follow'], env);
    await untilReady(consumers);
    const sample = await scrape(consumers);
    expect(sample('live_risk_agreement_review_overdue', { agency: 'police' })).toBe(1);
    expect(sample('live_risk_agreement_review_overdue_days', { agency: 'police' })).toBe(10);
    for (const agency of ['housing', 'health', 'education']) expect(sample('live_risk_agreement_review_overdue', { agency })).toBe(0);
  });

  it('policy show marks it', async () => {
    const shown = await run('policy', 'show');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${reviewDate} (review overdue by 10 days)`);
  });
});
