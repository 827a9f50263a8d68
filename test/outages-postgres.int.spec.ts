import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { consumerNames } from '../services/consumers';
import { waitForConsumers } from '../services/consumers/progress';
import { catchUp } from '../pipelines/consumers';
import { generateCouncil, type SyntheticCouncil } from '../pipelines/synthetic-council';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { agencyPartitions, expectExactlyOnce, ledgerRows, publishAgencyDays } from './support/exactly-once';
import { holdRow } from './support/held-row';
import { outagesReportedFor, scrape, startLiveProcess, untilOutage, untilReady, whileRunning, type LiveProcess } from './support/live-process';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * Issue 12's acceptance, PostgreSQL half: `live-risk run --follow` loses every connection to
 * PostgreSQL in the middle of a stream, pauses, and resumes by itself when PostgreSQL answers again,
 * with every message applied exactly once.
 *
 * Why a proxy and not a restart: the PostgreSQL server is shared by everyone working on this machine,
 * so it is not ours to restart. The consumer process reaches it through a TCP proxy of the test's
 * own (test/support/tcp-proxy.ts), which closes every connection at once and refuses new ones for a
 * while, then lets them through again. That is what the process sees of a restart or a crash: its
 * open transaction fails (the server rolls it back when it finds its client gone), its pooled
 * connections die, the sessions holding the writer locks end so PostgreSQL releases the locks (the
 * test checks that no writer lock is held during the cut), and connecting fails until it is back.
 *
 * What it does not cover: the server side of a restart (crash recovery; a COMMIT in flight whose
 * outcome the client never learns; other clients, such as the scheduler and the portal, losing
 * PostgreSQL at the same time); the FATAL 57P01 a clean shutdown sends each session before closing
 * it and the 57P03 "starting up" refusals while it comes back (classify-error.unit.spec.ts covers
 * those codes); ECONNREFUSED itself (the proxy accepts, then resets); and a network that drops
 * packets instead of closing connections: then the server keeps the old lock session, and with it
 * the writer lock, until TCP keepalive gives up on it, which this clean cut never shows. The test's
 * own checks go to PostgreSQL directly, not through the proxy.
 *
 * All data is synthetic.
 */
describe('run --follow through its PostgreSQL connections cut mid-stream and restored', () => {
  let runtime: Runtime;
  let proxy: TcpProxy;
  let council: SyntheticCouncil;
  let consumers: LiveProcess | undefined;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const database = new URL(runtime.config.databaseUrl);
    proxy = await tcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    council = generateCouncil({ families: 600, seed: 13 });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });

  afterAll(async () => {
    proxy?.restore();
    await consumers?.stop();
    await proxy?.close();
    if (runtime) await disposeRuntime(runtime);
  });

  /** Advisory locks held in the test's database: the consumers' writer locks (and a relay's, for a moment). */
  const advisoryLocks = async () =>
    Number(
      (
        await runtime.db.raw<{ rows: Array<{ n: number }> }>(
          `select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and l.granted and d.datname = current_database()`,
        )
      ).rows[0].n,
    );

  /** Resolves once every consumer holds its writer lock and reads (the gauge goes to 1 only then). */
  const untilAllConsuming = async (process: LiveProcess, timeoutMs = 30_000) => {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 250))) {
      const metrics = await scrape(process);
      const waiting = consumerNames.filter((name) => metrics('live_risk_consumer_consuming', { consumer: name }) !== 1);
      if (waiting.length === 0) return;
      if (Date.now() > deadline) throw new Error(`not every consumer is reading after ${timeoutMs} ms: ${waiting.join(', ')} not`);
    }
  };

  it('pauses when its connections are cut, resumes by itself when they are back, and leaves every message applied exactly once', async () => {
    const { published: earlier } = await publishAgencyDays(runtime, council, ['2026-03-24', '2026-03-25'], 13);
    // As in the broker test: our uncommitted ledger row at the next offset of the fullest partition
    // holds the matcher's batch that reaches it open, so the cut lands inside its transaction.
    const fullest = (await agencyPartitions(runtime)).reduce((a, b) => (b.high > a.high ? b : a));
    const held = await holdRow(runtime.db, 'matcher_ledger', { topic: fullest.topic, partition: fullest.partition, offset: fullest.high.toString(), outcome: 'unlinked' });

    const throughProxy = Object.assign(new URL(runtime.config.databaseUrl), { port: String(proxy.port) }).toString();
    consumers = await startLiveProcess(['run', '--follow'], { ...environmentFor(runtime.config), DATABASE_URL: throughProxy });
    const running = consumers;
    await whileRunning(running, untilReady(running));
    await whileRunning(running, waitForConsumers(runtime, ['matcher'], { timeoutMs: 60_000 }));
    await whileRunning(running, untilAllConsuming(running));
    expect(await advisoryLocks()).toBeGreaterThanOrEqual(consumerNames.length);

    const { published: midStream } = await publishAgencyDays(runtime, council, ['2026-03-26'], 13);
    await whileRunning(running, held.untilSomeoneWaits(60_000));
    const appliedAtCut = await ledgerRows(runtime.db);
    expect(appliedAtCut).toBeGreaterThanOrEqual(earlier);
    expect(appliedAtCut).toBeLessThan(earlier + midStream);

    proxy.cut();
    const cutAt = Date.now();
    // The matcher's server session, still waiting on our row, goes on to find its client gone and rolls back.
    await held.release();
    const { published: duringCut } = await publishAgencyDays(runtime, council, ['2026-03-27'], 13);
    const first = await untilOutage(running, 30_000);
    // Their sessions gone, PostgreSQL has released every writer lock, as after a restart.
    for (const deadline = Date.now() + 10_000; (await advisoryLocks()) > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await advisoryLocks()).toBe(0);
    // Cut for at least 5 s; whatever /readyz says meanwhile must name the real culprit to an operator.
    const reported = [...Object.entries(first).map(([part, detail]) => `${part}: ${detail}`), ...(await outagesReportedFor(running, Math.max(1_000, cutAt + 5_000 - Date.now())))];
    for (const outage of reported) expect(outage).toMatch(/^[\w-]+: (PostgreSQL unavailable \(outage, retry\)|cannot reach PostgreSQL)/);

    const connectionsBefore = proxy.connections();
    proxy.restore();
    const { published: later } = await publishAgencyDays(runtime, council, ['2026-03-28'], 13);
    await whileRunning(running, waitForConsumers(runtime, ['matches', 'reviews', 'dead-letters'], { timeoutMs: 90_000, upstream: true }));
    await whileRunning(running, untilReady(running, 30_000));
    await whileRunning(running, untilAllConsuming(running));
    expect(proxy.connections()).toBeGreaterThan(connectionsBefore);
    expect(await advisoryLocks()).toBeGreaterThanOrEqual(consumerNames.length);

    await expectExactlyOnce(runtime, earlier + midStream + duringCut + later);

    const metrics = await scrape(running);
    const outages = Object.fromEntries(consumerNames.map((name) => [name, metrics('live_risk_consumer_outages_total', { consumer: name }) ?? 0]));
    expect(outages.matcher).toBeGreaterThan(0);
    expect(running.child.exitCode).toBeNull();
    expect(await running.stop()).toBe(0);
  });
});
