import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { agencies, agencyOf } from '../services/contracts';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { catchUp } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { highWatermarks } from '../services/platform/kafka';
import { fetchBytesPerPartition } from '../services/platform/offset-reader';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { exitOf, holdRow } from './support/held-row';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a matcher killed with SIGKILL mid-stream', () => {
  let runtime: Runtime;
  let total = 0;
  let smallestEventBytes = Infinity;
  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const council = generateCouncil({ families: 3000, seed: 7 });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    // Enough events that the largest partition takes several of the matcher's fetches (see the test).
    for (const date of ['2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']) {
      const day = generateAgencyEvents(council, { date, seed: 7 });
      for (const agency of agencies) {
        const events = day.events.map((e) => e.event).filter((event) => agencyOf(event) === agency);
        await publishEvents(runtime, agency, events, (event) => event.eventId);
        total += events.length;
        for (const event of events) smallestEventBytes = Math.min(smallestEventBytes, Buffer.byteLength(JSON.stringify(event)));
      }
    }
  });
  afterAll(async () => disposeRuntime(runtime));

  it('leaves, after a restart, exactly one ledger row per message and every decided match published once', async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    const watermarks = [];
    for (const id of agencies) {
      watermarks.push({ topic: runtime.topics[id], partitions: await highWatermarks(admin, runtime.topics[id]) });
    }
    await admin.disconnect();

    // The kill must land mid-stream whatever the machine's speed, not by winning a race against a
    // fast matcher: our uncommitted ledger row at the last offset of the largest partition makes the
    // matcher's insert of that message wait, inside its transaction, until the kill. Its batches
    // before that one commit. That partition must take more than one fetch, or the held message
    // would be in the matcher's first batch and nothing would commit: a fetch holds at most
    // fetchBytesPerPartition of record batches (each of ours is far smaller: a day of one agency).
    const [heldTopic, heldPartition, heldHigh] = watermarks
      .flatMap(({ topic, partitions }) => [...partitions].map(([partition, high]) => [topic, partition, high] as const))
      .reduce((largest, entry) => (entry[2] > largest[2] ? entry : largest));
    expect(Number(heldHigh)).toBeGreaterThan(Math.floor(fetchBytesPerPartition / smallestEventBytes));
    const held = await holdRow(runtime.db, 'matcher_ledger', { topic: heldTopic, partition: heldPartition, offset: (heldHigh - 1n).toString(), outcome: 'unlinked' });

    const child = spawn(process.execPath, [cli, 'run', 'matcher', '--follow'], { env: environmentFor(runtime.config), stdio: 'ignore' });
    let processedAtKill = 0;
    for (let waited = 0; waited < 120_000; waited += 25) {
      processedAtKill = Number((await runtime.db('matcher_ledger').count({ n: '*' }))[0].n);
      if (processedAtKill > 0) break;
      await sleep(25);
    }
    child.kill('SIGKILL');
    await exitOf(child);
    await held.release();
    expect(processedAtKill).toBeGreaterThan(0);
    expect(processedAtKill).toBeLessThan(total);

    await catchUp(runtime);

    for (const { topic, partitions } of watermarks) {
      for (const [partition, high] of partitions) {
        const stats = await runtime.db('matcher_ledger')
          .where({ topic, partition })
          .first(runtime.db.raw('count(*)::int as rows'), runtime.db.raw('count(distinct "offset")::int as distinct_offsets'), runtime.db.raw('coalesce(max("offset"), -1)::bigint as last'));
        expect({ topic, partition, rows: stats.rows, distinct: stats.distinct_offsets, last: String(stats.last) }).toEqual({
          topic, partition, rows: Number(high), distinct: Number(high), last: String(high - 1n),
        });
      }
    }
    const unpublished = await runtime.db('outbox').whereNull('published_at').count({ n: '*' });
    expect(Number(unpublished[0].n)).toBe(0);
    const decided = await runtime.db('outbox').where('topic', runtime.topics.matches).select(runtime.db.raw(`distinct payload->>'matchId' as id`));
    const projected = await runtime.db('matches').select('match_id');
    expect(projected.map((r) => r.match_id).sort()).toEqual(decided.map((r: { id: string }) => r.id).sort());
  });
});
