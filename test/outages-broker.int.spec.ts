import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { consumerNames } from '../services/consumers';
import { waitForConsumers } from '../services/consumers/progress';
import { catchUp } from '../pipelines/consumers';
import { generateCouncil, type SyntheticCouncil } from '../pipelines/synthetic-council';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { agencyPartitions, expectExactlyOnce, ledgerRows, publishAgencyDays } from './support/exactly-once';
import { holdRow } from './support/held-row';
import { outagesReportedFor, scrape, startLiveProcess, untilMetric, untilOutage, untilReady, whileRunning, type LiveProcess } from './support/live-process';
import { startPrivateKafka, type PrivateKafka } from './support/private-kafka';
import { disposeRuntime, environmentFor, isolatedConfig, openTestRuntime } from './support/test-stack';

/**
 * Issue 12's acceptance, Kafka half: the production consumer process (`live-risk run --follow`)
 * outlives a broker killed with SIGKILL in the middle of a stream, reports the outage, resumes by
 * itself when the broker is back, and has then applied every message exactly once. The broker is a
 * private one on free ports (the shared one is not ours to kill); PostgreSQL and the registry are
 * the shared ones. All data is synthetic.
 */
describe('run --follow through a Kafka broker killed with SIGKILL and restarted mid-stream', () => {
  let kafka: PrivateKafka;
  let runtime: Runtime;
  let council: SyntheticCouncil;
  let consumers: LiveProcess | undefined;

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    runtime = await openTestRuntime({ ...isolatedConfig(), kafkaBrokers: [...kafka.brokers] });
    council = generateCouncil({ families: 600, seed: 12 });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });

  afterAll(async () => {
    await consumers?.stop();
    // A failed test may leave the broker down; the topics are deleted through it, then it goes with its data.
    await kafka?.restart().catch(() => undefined);
    if (runtime) await disposeRuntime(runtime);
    await kafka?.dispose();
  });

  it('pauses, reports the outage, resumes by itself, and leaves every message applied exactly once', async () => {
    const { published: earlier } = await publishAgencyDays(runtime, council, ['2026-03-24', '2026-03-25'], 12);
    // The kill must land mid-stream whatever the machine's speed, not by winning a race: our
    // uncommitted ledger row at the next offset of the fullest agency partition makes the matcher's
    // batch that reaches it wait, inside its transaction, until we let go (see held-row.ts).
    const fullest = (await agencyPartitions(runtime)).reduce((a, b) => (b.high > a.high ? b : a));
    const held = await holdRow(runtime.db, 'matcher_ledger', { topic: fullest.topic, partition: fullest.partition, offset: fullest.high.toString(), outcome: 'unlinked' });

    consumers = await startLiveProcess(['run', '--follow'], environmentFor(runtime.config));
    const running = consumers;
    await whileRunning(running, untilReady(running));
    await whileRunning(running, waitForConsumers(runtime, ['matcher'], { timeoutMs: 60_000 }));

    const { published: midStream } = await publishAgencyDays(runtime, council, ['2026-03-26'], 12);
    expect((await agencyPartitions(runtime)).find((p) => p.topic === fullest.topic && p.partition === fullest.partition)?.high).toBeGreaterThan(fullest.high);
    await whileRunning(running, held.untilSomeoneWaits(60_000));
    const appliedAtKill = await ledgerRows(runtime.db);
    expect(appliedAtKill).toBeGreaterThanOrEqual(earlier);
    expect(appliedAtKill).toBeLessThan(earlier + midStream);

    await kafka.kill();
    // The matcher's batch now commits to PostgreSQL with no broker to publish its decisions to.
    await held.release();
    const first = await untilOutage(running, 60_000);
    // Down for 5 s longer, so every consumer meets the outage; whatever /readyz says meanwhile must
    // name the real culprit to an operator.
    const reported = [...Object.entries(first).map(([part, detail]) => `${part}: ${detail}`), ...(await outagesReportedFor(running, 5_000))];
    for (const outage of reported) expect(outage).toMatch(/^[\w-]+: Kafka unavailable \(outage, retry\)/);
    // The matcher meets the outage publishing its decisions after that commit, once the producer has
    // used up its retries (tens of seconds, more when the outbox relay's own attempt holds the outbox
    // first), which can be well after the other consumers report theirs. Down until then: a broker
    // back sooner lets that publish succeed, and the matcher would have met no outage to test.
    await untilMetric(running, 'live_risk_consumer_outages_total', { consumer: 'matcher' }, 120_000);

    await kafka.restart();
    const { published: later } = await publishAgencyDays(runtime, council, ['2026-03-27'], 12);
    await whileRunning(running, waitForConsumers(runtime, ['matches', 'reviews', 'dead-letters'], { timeoutMs: 90_000, upstream: true }));
    await whileRunning(running, untilReady(running, 30_000));

    await expectExactlyOnce(runtime, earlier + midStream + later);

    const metrics = await scrape(running);
    const outages = Object.fromEntries(consumerNames.map((name) => [name, metrics('live_risk_consumer_outages_total', { consumer: name }) ?? 0]));
    expect(outages.matcher).toBeGreaterThan(0);
    expect(running.child.exitCode).toBeNull();
    expect(await running.stop()).toBe(0);
  });
});
