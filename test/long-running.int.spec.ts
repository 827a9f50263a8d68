import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { consumerNames } from '../services/consumers';
import { waitForConsumers } from '../services/consumers/progress';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { exitOf } from './support/held-row';
import { startLiveProcess, scrape, untilMetric, untilReady, type LiveProcess } from './support/live-process';
import { portalClient } from './support/portal-client';
import { otherFamilyRows, passwords } from './support/portal-world';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * The production processes together, started as an operator would: the consumers (`run --follow`),
 * the scheduler and the portal, each with its health and metrics. Reading digests, dead letters
 * and reviews from the command line and acknowledging an item in the portal must not run a consumer:
 * no consumer group is joined or rebalanced by a read, and only the consumer process moves offsets.
 * All data is synthetic.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('the long-running processes, run together', () => {
  let runtime: Runtime;
  let env: NodeJS.ProcessEnv;
  const started: LiveProcess[] = [];
  let consumers: LiveProcess;
  let scheduler: LiveProcess;
  let portal: LiveProcess;
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const setPassword = async (practitionerId: keyof typeof passwords) => {
    const child = spawn(process.execPath, [cli, 'portal', 'account', 'set-password', practitionerId], { env, stdio: ['pipe', 'ignore', 'inherit'] });
    child.stdin?.end(`${passwords[practitionerId]}\n`);
    return exitOf(child);
  };
  const consumerGroups = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(runtime.config.topicPrefix)).sort();
    } finally {
      await admin.disconnect();
    }
  };
  const rebalances = async () => {
    const sample = await scrape(consumers);
    return Object.fromEntries(consumerNames.map((name) => [name, sample('live_risk_consumer_rebalances_total', { consumer: name }) ?? 0]));
  };

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    // No "nothing new" emails from the scheduler's first run: this test is about processes, not mail.
    env = { ...environmentFor(runtime.config), DIGEST_EMPTY_DAYS: 'skip' };
    await publishEvents(runtime, 'cohort', cohortEventsFromRows([...oneFamilyRows, ...otherFamilyRows], '2026-03-01T09:00:00Z'), (e) => e.familyId);
    consumers = await startLiveProcess(['run', '--follow'], env);
    started.push(consumers);
    await untilReady(consumers);
    // The cohort is known before the incident arrives, as in a council already running the programme.
    await waitForConsumers(runtime, ['cohort'], { timeoutMs: 60_000 });
    await publishEvents(runtime, 'police', [policeEventFor(oneFamilyRows[0], 'ASP-LONG-1')], (e) => e.eventId);
    // Development and operators' commands beside the running consumers: they wait for them, never read themselves.
    const issued = await run('issue-digests', '--date', '2026-03-29');
    expect(issued.stderr).not.toMatch(/live-risk:/);
    expect(issued.stdout).toMatch(/issued 3 digests with 1 items for 2026-03-29/);
    expect(await setPassword('P-T1')).toBe(0);
    scheduler = await startLiveProcess(['scheduler'], env);
    started.push(scheduler);
    portal = await startLiveProcess(['serve', '--listen', '127.0.0.1:0'], env);
    started.push(portal);
    for (const process of started) await untilReady(process);
  });
  afterAll(async () => {
    for (const process of started) await process.stop();
    await disposeRuntime(runtime);
  });

  it('serves readiness and Prometheus metrics from each process: lag, outcomes, outbox, digests, portal responses', async () => {
    const fromConsumers = await scrape(consumers);
    expect(fromConsumers('live_risk_consumer_messages_total', { consumer: 'matcher', outcome: 'linked' })).toBe(1);
    expect(fromConsumers('live_risk_consumer_consuming', { consumer: 'matcher' })).toBe(1);
    expect(fromConsumers('live_risk_consumer_lag_messages', { consumer: 'matcher', topic: runtime.topics.police, partition: '0' })).toBe(0);
    expect(fromConsumers('live_risk_outbox_messages', { state: 'parked' })).toBe(0);

    await expect(untilMetric(scheduler, 'live_risk_digest_runs_total', { result: 'success' })).resolves.toBeGreaterThanOrEqual(1);
    const fromScheduler = await scrape(scheduler);
    expect(fromScheduler('live_risk_digest_last_cut_off_timestamp_seconds')).toBeGreaterThan(Date.parse('2026-03-29T06:00:00Z') / 1000);
    expect(fromScheduler('live_risk_emails_pending')).toBe(0);

    await fetch(`${portal.portal}/sign-in`);
    const fromPortal = await scrape(portal);
    expect(fromPortal('live_risk_portal_requests_total', { status: '2xx' })).toBeGreaterThanOrEqual(1);
    for (const process of started) {
      expect((await fetch(`${process.ops}/healthz`)).status).toBe(200);
      expect((await fetch(`${process.ops}/readyz`)).status).toBe(200);
    }
  });

  it('reads digests, dead letters and reviews, and acknowledges in the portal, without a rebalance or a consumer of their own', async () => {
    const groupsBefore = await consumerGroups();
    const rebalancesBefore = await rebalances();
    expect(groupsBefore).toHaveLength(consumerNames.length);

    const digest = await run('digest', '--date', '2026-03-29', '--practitioner', 'P-T1', '--format', 'json');
    expect(digest.code).toBe(0);
    const [issued] = JSON.parse(digest.stdout);
    expect((await run('dead-letters', '--format', 'json')).code).toBe(0);
    expect((await run('review', 'list', '--format', 'json')).code).toBe(0);
    expect((await run('status')).code).toBe(0);

    const client = portalClient(() => portal.portal ?? '');
    const { cookie, csrf } = await client.signIn('P-T1', passwords['P-T1']);
    const matchId = issued.families[0].items[0].matchId;
    const acknowledged = await client.post(`/digests/${issued.digestId}/items/${matchId}/acknowledge`, { csrf }, cookie);
    expect(acknowledged.status).toBe(303);
    // The acknowledgement comes back through Kafka, applied by the consumer process, not by the portal.
    await expect(untilMetric(consumers, 'live_risk_consumer_messages_total', { consumer: 'acknowledgements', outcome: 'applied' })).resolves.toBe(1);
    expect((await client.request(`/digests/${issued.digestId}`, { cookie })).body).toMatch(/Acknowledged by you on /);

    expect(await consumerGroups()).toEqual(groupsBefore);
    expect(await rebalances()).toEqual(rebalancesBefore);
  });

  it('drains and exits 0 on SIGTERM, each process within its grace period', async () => {
    for (const process of started.splice(0)) expect(await process.stop()).toBe(0);
  });
});
