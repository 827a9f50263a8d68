import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateCouncil } from '../pipelines/synthetic-council';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { resetConsumer } from '../services/consumers';
import { waitForConsumers } from '../services/consumers/progress';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { scrape, startLiveProcess, untilReady, type LiveProcess } from './support/live-process';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * One writer per consumer. Issue 18 found two `run cohort` on a fresh database crashing one time in
 * three (both joined one consumer group, a rebalance inside a batch, a seek on a stopped consumer),
 * and the README promising what the code did not keep. Now the second copy waits: a one-shot run
 * for the first to get there, a follower as a standby that takes over when the first stops. All
 * data is synthetic.
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('one writer per consumer', () => {
  let runtime: Runtime;
  const council = generateCouncil({ families: 400, seed: 21 });
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const members = async () => Number((await runtime.db('members').count({ n: '*' }))[0].n);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('lets two one-shot runs of a consumer start together on a fresh database, three times in a row, both finishing cleanly', async () => {
    for (let trial = 1; trial <= 3; trial += 1) {
      await resetConsumer(runtime.db, 'cohort');
      const results = await Promise.all([run('run', 'cohort'), run('run', 'cohort')]);
      for (const result of results) expect({ trial, code: result.code, stderr: result.stderr }).toEqual({ trial, code: 0, stderr: expect.not.stringMatching(/live-risk:/) });
      // One of them read; the other waited for it (or found nothing left to read).
      expect(results.map((result) => Number(/cohort: applied (\d+) messages/.exec(result.stdout)?.[1])).sort((a, b) => a - b)[0]).toBe(0);
      expect(await members()).toBe(council.rows.length);
    }
  });

  it('keeps a second follower as a standby that takes over, where the first left off, when the first stops', async () => {
    const followers: LiveProcess[] = [];
    try {
      followers.push(await startLiveProcess(['run', '--follow', 'cohort'], environmentFor(runtime.config)));
      await untilReady(followers[0]);
      followers.push(await startLiveProcess(['run', '--follow', 'cohort'], environmentFor(runtime.config)));
      await untilReady(followers[1]);
      const consuming = async () => Promise.all(followers.map(async (follower) => (await scrape(follower))('live_risk_consumer_consuming', { consumer: 'cohort' })));
      expect(await consuming()).toEqual([1, 0]);

      expect(await followers[0].stop()).toBe(0);
      const extra = generateCouncil({ families: 5, seed: 99 }).rows.map((row) => ({ ...row, familyId: `${row.familyId}-X`, memberId: `${row.memberId}-X` }));
      await publishEvents(runtime, 'cohort', cohortEventsFromRows(extra, '2026-03-02T09:00:00Z'), (e) => e.familyId);
      await waitForConsumers(runtime, ['cohort'], { timeoutMs: 60_000 });
      expect(await members()).toBe(council.rows.length + extra.length);
      expect((await scrape(followers[1]))('live_risk_consumer_consuming', { consumer: 'cohort' })).toBe(1);
    } finally {
      for (const follower of followers) await follower.stop();
    }
  });
});
