import { parseArgs } from 'node:util';
import { Partitioners } from 'kafkajs';
import { addDays, formatISO } from 'date-fns';
import { agencies, agencyOf, type CohortEvent } from '../../../services/contracts';
import { cohortEventId, cohortEventsFromRows } from '../../../services/cohort/cohort-events-from-rows';
import { chunks } from '../../../services/platform/chunks';
import { publishEvents } from '../../../services/platform/publish';
import type { Runtime } from '../../../services/platform/runtime';
import { loadRetentionSchedule, reportRows, runRetention, type RetentionReport } from '../../../services/retention';
import { catchUp } from '../../consumers';
import { generateAgencyEvents, generateCouncil } from '../../synthetic-council';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { runBenchmarkScript } from '../script-main';

/**
 * A retention run over a year of a synthetic council's history: how long it takes and what it
 * removes. On the local stack, in topics and a database of its own. Not part of `npm run bench`:
 *
 *   npx tsx pipelines/benchmarks/retention/index.ts [--families 300] [--out FILE]
 *
 * The history is real where it can be: the cohort, a year of agency events (one a day that no
 * consumer can read, to be dead-lettered) and some families closing, all through Kafka, the matcher
 * and the projections. It all reaches Kafka today, so the rows are then dated as if each had been
 * processed on its own day (the ledger by the event's reportedAt, outbox copies likewise, the dead
 * letters one a day), and what the broker's retention would have deleted from dead-letter.v1 in a
 * year is deleted with DeleteRecords. Notifications and portal sessions are written directly, one
 * notification per practitioner a day and a session per practitioner a working day, as the digest
 * job and the portal would. The run is then timed at 06:30 on the day after, dry and for real.
 */
const first = '2025-04-01';
const days = 365;
const dayOf = (index: number) => formatISO(addDays(new Date(`${first}T00:00:00Z`), index), { representation: 'date' });

async function ageRows(runtime: Runtime, reportedAt: ReadonlyMap<string, string>, say: (line: string) => void): Promise<void> {
  say('dating the ledger and outbox rows by the day of their event');
  for (const chunk of chunks([...reportedAt], 1000)) {
    await runtime.db.raw(
      `update matcher_ledger l set processed_at = v.at::timestamptz from (select * from unnest(?::text[], ?::text[]) as v(event_id, at)) v where l.event_id = v.event_id`,
      [chunk.map(([id]) => id), chunk.map(([, at]) => at)],
    );
  }
  await runtime.db.raw(`update outbox set created_at = (payload->'event'->>'reportedAt')::timestamptz, published_at = (payload->'event'->>'reportedAt')::timestamptz where payload->'event' is not null`);
  // The dead letters, one a day in the order they were sent; their outbox copies alike.
  await runtime.db.raw(
    `update dead_letters d set dead_lettered_at = ?::date + (n.rank - 1) * interval '1 day' + interval '12 hours'
     from (select dead_letter_id, row_number() over (order by dead_letter_offset) as rank from dead_letters) n where d.dead_letter_id = n.dead_letter_id`,
    [first],
  );
  await runtime.db.raw(
    `update outbox o set created_at = d.dead_lettered_at, published_at = d.dead_lettered_at from dead_letters d where o.payload->>'deadLetterId' = d.dead_letter_id`,
  );
}

async function writeNotificationsAndSessions(runtime: Runtime, practitionerIds: readonly string[]): Promise<void> {
  const notifications = [];
  const sessions = [];
  for (let index = 0; index < days; index++) {
    const day = dayOf(index);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const practitionerId of practitionerIds) {
      notifications.push({ digest_id: `bench-${practitionerId}-${day}`, practitioner_id: practitionerId, status: 'sent', email: JSON.stringify({}), attempts: 1, created_at: `${day}T07:00:00Z`, sent_at: `${day}T07:00:05Z` });
      if (weekday >= 1 && weekday <= 5) {
        sessions.push({ token_hash: `bench-${practitionerId}-${day}`, practitioner_id: practitionerId, csrf_secret: 'bench', created_at: `${day}T08:00:00Z`, last_seen_at: `${day}T09:00:00Z`, expires_at: `${day}T17:00:00Z` });
      }
    }
  }
  for (const chunk of chunks(notifications, 1000)) await runtime.db('notifications').insert(chunk);
  for (const chunk of chunks(sessions, 1000)) await runtime.db('portal_sessions').insert(chunk);
}

/** What Kafka's retention would have deleted from dead-letter.v1 by now: everything before the first dead letter inside the period. */
async function expireDeadLetters(runtime: Runtime, cutOff: Date): Promise<void> {
  const [row] = await runtime.db('dead_letters').where('dead_lettered_at', '>=', cutOff).min<Array<{ offset: string | null }>>('dead_letter_offset as offset');
  if (row.offset === null) return;
  const admin = runtime.kafka.admin();
  await admin.connect();
  try {
    // kafkajs deletes records only of a topic whose metadata it has loaded.
    await admin.fetchTopicMetadata({ topics: [runtime.topics.deadLetters] });
    await admin.deleteTopicRecords({ topic: runtime.topics.deadLetters, partitions: [{ partition: 0, offset: row.offset }] });
  } finally {
    await admin.disconnect();
  }
}

runBenchmarkScript('retention', async () => {
  const { values } = parseArgs({ options: { families: { type: 'string', default: '300' }, out: { type: 'string' } } });
  const say = (line: string) => process.stderr.write(`retention: ${line}\n`);
  const result = await withIsolatedRuntime(async (runtime) => {
    const council = generateCouncil({ families: Number(values.families), seed: 3 });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2019-01-01T09:00:00Z'), (e) => e.familyId);
    const familyIds = [...new Set(council.rows.map((row) => row.familyId))];
    // A tenth of the families closed six and more years ago (past the built-in period), a tenth during the year.
    const closing: CohortEvent[] = familyIds.slice(0, Math.ceil(familyIds.length / 5)).map((familyId, index) => ({
      type: 'family.closed', eventId: cohortEventId(familyId, 'family.closed'), familyId, reason: 'goals met',
      recordedAt: index % 2 === 0 ? `2019-0${1 + (index % 9)}-15T10:00:00Z` : `${dayOf(index % days)}T10:00:00Z`,
    }));
    const reportedAt = new Map<string, string>();
    let events = 0;
    const plain = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    for (let index = 0; index < days; index++) {
      const day = generateAgencyEvents(council, { date: dayOf(index), seed: 3 });
      for (const { event } of day.events) reportedAt.set(event.eventId, event.reportedAt);
      for (const agency of agencies) await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
      await plain.send({ topic: runtime.topics.police, messages: [{ key: 'broken', value: Buffer.from(`not an event, day ${index}`) }] });
      events += day.events.length;
      if (index % 30 === 29) say(`published ${index + 1} days, ${events} events`);
    }
    await plain.disconnect();
    await publishEvents(runtime, 'cohort', closing, (e) => e.familyId);
    say('matching and projecting the year');
    await catchUp(runtime);
    await ageRows(runtime, reportedAt, say);
    await writeNotificationsAndSessions(runtime, council.practitioners.map((p) => p.practitionerId));
    const schedule = loadRetentionSchedule(undefined, { rematchDays: 30 });
    const now = new Date(`${dayOf(days)}T06:30:00Z`);
    await expireDeadLetters(runtime, addDays(now, -schedule.classes['dead-letter-originals'].keep.days));
    const timed = async (dryRun: boolean): Promise<{ seconds: number; report: RetentionReport }> => {
      const started = performance.now();
      const report = await runRetention(runtime, { schedule, now, dryRun, actor: 'operator:bench' });
      if (!report) throw new Error('an unscheduled run always runs');
      return { seconds: (performance.now() - started) / 1000, report };
    };
    say('retention run, dry');
    const dry = await timed(true);
    say('retention run');
    const real = await timed(false);
    return { events, families: familyIds.length, closed: closing.length, dry, real };
  }, say);
  const rows = reportRows(result.real.report).map((row) => `| ${row.join(' | ')} |`).join('\n');
  const markdown = [
    `A year (${first} to ${dayOf(days - 1)}) of a synthetic council of ${result.families} families: ${result.events} agency events, ${days} dead letters, ${result.closed} families closed; run at ${result.real.report.at}.`,
    '',
    `| run | seconds |`,
    `|---|---:|`,
    `| dry run (counts only) | ${result.dry.seconds.toFixed(2)} |`,
    `| retention run (removes, one transaction, audited) | ${result.real.seconds.toFixed(2)} |`,
    '',
    '| class | removed | past period, kept | detail |',
    '|---|---:|---:|---|',
    rows,
    '',
  ].join('\n');
  return { markdown, out: values.out };
});
