import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes, Partitioners } from 'kafkajs';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { nhsNumberFromBody, pncIdFrom } from '../pipelines/synthetic-council/identifiers';
import { cohortEventId, cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf, agencyTopicIds, type AgencyEvent, type CohortEvent, type TopicId } from '../services/contracts';
import { runDigestJob } from '../services/digest/digest-job';
import { reconcile } from '../services/matcher/reconcile';
import { publishEvents } from '../services/platform/publish';
import { openRuntime, type Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { placeHold } from '../services/erasure';
import { loadRetentionSchedule, readTopicRetention, runRetention, setTopicSettings, type RetentionReport } from '../services/retention';
import { parsePerson, runRetentionAudit } from '../services/retention-audit';
import { loadRuleSet } from '../services/risk';
import { findInDatabase } from './support/find-in-database';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };
const dayMs = 86_400_000;

/** People who are in no cohort: names, dates of birth and identifiers no synthetic family has. All synthetic. */
const strangers = [
  { givenName: 'Zebedee', familyName: 'Omnivolt', dateOfBirth: '1977-07-07', identifiers: { pncId: pncIdFrom(1995, 4242424) } },
  { givenName: 'Quintessa', familyName: 'Marrowgrave', dateOfBirth: '1968-11-23', identifiers: { nhsNumber: nhsNumberFromBody(987654) ?? '' } },
  { givenName: 'Ottoline', familyName: 'Brackenfurze', dateOfBirth: '2001-04-19' },
] as const;
const farAway = { line1: '1 Nowhere Lane', town: 'Hugh Town', postcode: 'TR21 0PW' };
const strangerEvents: AgencyEvent[] = [
  {
    type: 'police.incident', eventId: 'ASP-STRANGER-1', source: { organisation: 'Avon and Wessex Police' }, category: 'ARREST',
    occurredAt: '2026-03-28T10:00:00+00:00', reportedAt: '2026-03-28T12:00:00+00:00', people: [{ role: 'subject', ...strangers[0] }], address: farAway,
  },
  {
    type: 'health.contact', eventId: 'NHS-STRANGER-1', source: { organisation: 'Wessex Partnership NHS Trust' }, category: 'EMERGENCY_ATTENDANCE',
    occurredAt: '2026-03-28T11:00:00+00:00', reportedAt: '2026-03-28T13:00:00+00:00', people: [{ role: 'patient', ...strangers[1] }], address: farAway,
  },
  {
    type: 'housing.incident', eventId: 'HSG-STRANGER-1', source: { organisation: 'Riverside Homes' }, category: 'RENT_ARREARS',
    occurredAt: '2026-03-28T09:00:00+00:00', reportedAt: '2026-03-28T14:00:00+00:00', people: [{ role: 'tenant', ...strangers[2] }], address: farAway,
  },
];
/** A stranger as `retention audit` is asked about them: names, date of birth, identifiers and the agency's event id. */
const strangerAsPerson = (index: number) => {
  const stranger = strangers[index];
  return parsePerson({ ...stranger, identifiers: { ...('identifiers' in stranger ? stranger.identifiers : {}), other: [strangerEvents[index].eventId] } }, 'the test');
};
/** What an agency's broken tooling might send: not an event at all, quoting a stranger. */
const garbage = Buffer.from(`${strangers[2].familyName}, ${strangers[2].givenName} ${strangers[2].dateOfBirth}`);
/** Everything that would say who they were, or which agency records were about them; a dead letter keeps the bytes as base64. */
const needles = [
  ...strangers.flatMap((person) => [person.givenName, person.familyName, person.dateOfBirth, ...Object.values('identifiers' in person ? person.identifiers : {})]),
  ...strangerEvents.map((event) => event.eventId),
  garbage.toString('base64'),
];

describe('retention: agency data about people outside the cohort has a short life', () => {
  let runtime: Runtime;
  let dir: string;
  const council = generateCouncil({ families: 12, seed: 14 });
  const date = '2026-03-28';
  const schedule = loadRetentionSchedule(undefined, { rematchDays: 30 });
  const limitedTopics: TopicId[] = [...agencyTopicIds, 'deadLetters'];
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: join(dir, 'pseudonym.key') } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const withAdmin = async <T>(work: (admin: ReturnType<Runtime['kafka']['admin']>) => Promise<T>): Promise<T> => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  /** Messages each limited topic still holds. */
  const held = () =>
    withAdmin(async (admin) => {
      const counts: Record<string, number> = {};
      for (const id of limitedTopics) {
        counts[id] = (await admin.fetchTopicOffsets(runtime.topics[id])).reduce((sum, entry) => sum + Number(entry.high) - Number(entry.low), 0);
      }
      return counts;
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-risk-retention-'));
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    const day = generateAgencyEvents(council, { date, seed: 14 });
    const events = [...day.events.map((e) => e.event), ...strangerEvents];
    for (const agency of agencies) await publishEvents(runtime, agency, events.filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    const plain = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    await plain.send({ topic: runtime.topics.police, messages: [{ key: 'k', value: garbage }] });
    await plain.disconnect();
    await catchUp(runtime, digestInputs);
    const result = await runDigestJob(runtime, { date, rules: loadRuleSet(), policy: loadPolicy(), now: () => new Date() });
    expect(result.issued.length).toBeGreaterThan(0);
    await catchUp(runtime);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('gives agency topics and dead-letter.v1 the schedule’s period when they are created, and again on the next start if changed', async () => {
    const settings = await withAdmin((admin) => readTopicRetention(admin, runtime.topics));
    expect(settings.get(runtime.topics.police)).toEqual({ 'retention.ms': String(45 * dayMs), 'segment.ms': String(dayMs) });
    expect(settings.get(runtime.topics.education)?.['retention.ms']).toBe(String(45 * dayMs));
    expect(settings.get(runtime.topics.deadLetters)?.['retention.ms']).toBe(String(30 * dayMs));
    expect(settings.get(runtime.topics.matches)?.['retention.ms']).toBe('-1');
    expect(settings.get(runtime.topics.cohort)?.['retention.ms']).toBe('-1');

    await withAdmin((admin) => setTopicSettings(admin, new Map([[runtime.topics.housing, { 'retention.ms': '-1' }]])));
    const restarted = await openRuntime(runtime.config, 'live-risk-test');
    await restarted.close();
    const after = await withAdmin((admin) => readTopicRetention(admin, runtime.topics));
    expect(after.get(runtime.topics.housing)?.['retention.ms']).toBe(String(45 * dayMs));
    // Settings the schedule does not own are left alone (AlterConfigs replaces them all unless sent back).
    const timestampType = await withAdmin(async (admin) =>
      (await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: runtime.topics.housing, configNames: ['message.timestamp.type'] }] })).resources[0].configEntries[0].configValue,
    );
    expect(timestampType).toBe('LogAppendTime');
  });

  it('holds the strangers’ event ids in PostgreSQL before the period is over (so the search below can find them)', async () => {
    const found = await findInDatabase(runtime.db, needles);
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'matcher_ledger', needle: 'ASP-STRANGER-1' })]));
    expect(found).toEqual(expect.arrayContaining(['dead_letters', 'outbox'].map((table) => expect.objectContaining({ table, needle: garbage.toString('base64') }))));
    expect((await runtime.db('matcher_ledger').where({ event_id: 'ASP-STRANGER-1' }).first('outcome'))?.outcome).toBe('unlinked');
    // And `retention audit` sees them too, so its finding nothing later is a finding.
    const audit = await runRetentionAudit({ config: runtime.config, person: strangerAsPerson(0), processLogs: 'kept-nowhere', actor: 'operator:test' });
    expect(audit.places.filter((place) => place.found > 0).map((place) => place.place)).toEqual(
      expect.arrayContaining([expect.stringContaining(runtime.topics.police), expect.stringContaining('matcher_ledger')]),
    );
  }, 60_000);

  it('Kafka deletes the agency events and dead letters once past a short period', async () => {
    expect(Object.values(await held()).every((n) => n >= 0)).toBe(true);
    expect((await held()).police).toBeGreaterThan(0);
    // Seconds instead of days, on this test's own topics: a segment closes after a second and is
    // deleted at the broker's next retention check (every 20 s on the stack's own broker; every five
    // minutes by default on one started by someone else, which the deadline allows for).
    await withAdmin((admin) => setTopicSettings(admin, new Map(limitedTopics.map((id) => [runtime.topics[id], { 'retention.ms': '1000', 'segment.ms': '1000' }]))));
    const deadline = Date.now() + 420_000;
    let now = await held();
    while (Object.values(now).some((n) => n > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      now = await held();
    }
    expect(now).toEqual(Object.fromEntries(limitedTopics.map((id) => [id, 0])));
    // The matcher's ledger still accounts for every message the topics ever had (their high watermarks).
    expect((await reconcile(runtime)).reconciled).toBe(true);
  }, 480_000);

  it('a dry run counts the dead letters Kafka no longer holds and removes nothing', async () => {
    const result = await run('retention', 'run', '--dry-run');
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    const deadLetters = Number((await runtime.db('dead_letters').count({ n: '*' }))[0].n);
    expect(deadLetters).toBeGreaterThan(0);
    expect(result.stdout).toMatch(new RegExp(`^dead-letter-originals\\s+${deadLetters}\\s`, 'm'));
    expect(result.stdout).toMatch(new RegExp(`^${runtime.topics.police.replace(/\./g, '\\.')}\\s+0\\s+0$`, 'm'));
    expect(await runtime.db('retention_runs').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect(await runtime.db('audit_log').where({ kind: 'retention' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  describe('after the retention run, once their period is over', () => {
    let report: RetentionReport | undefined;
    beforeAll(async () => {
      // As the scheduler would run it 60 days on: past the 45 days of agency events and the week of published outbox copies.
      report = await runRetention(runtime, { schedule, now: new Date(Date.now() + 60 * dayMs), dryRun: false, actor: 'system', scheduledFor: '2026-05-27' });
    });

    it('nothing about the strangers is anywhere in PostgreSQL', async () => {
      expect(await findInDatabase(runtime.db, needles)).toEqual([]);
      expect(await runtime.db('dead_letters').count({ n: '*' })).toEqual([{ n: '0' }]);
      const counts = await runtime.db('dead_letter_counts').select('source_topic', 'reason_code', 'count');
      expect(counts).toEqual([{ source_topic: runtime.topics.police, reason_code: 'NOT_DECODABLE', count: 1 }]);
      // The ledger still reconciles with the topics: one row per message, outcomes kept.
      expect((await runtime.db('matcher_ledger').whereNull('event_id').where('outcome', 'unlinked').count({ n: '*' }))[0].n).not.toBe('0');
    });

    it('`retention audit` finds nothing of any stranger anywhere live-risk writes: Kafka, PostgreSQL, portal pages, logs, mail', async () => {
      for (const index of strangers.keys()) {
        const audit = await runRetentionAudit({ config: runtime.config, person: strangerAsPerson(index), processLogs: 'kept-nowhere', actor: 'operator:test' });
        expect(audit.places.filter((place) => place.found > 0).map((place) => place.place)).toEqual([]);
        expect(audit.places.filter((place) => place.status === 'not-searched').map((place) => place.place)).toEqual([]);
        expect(new Set(audit.places.map((place) => place.kind))).toEqual(new Set(['kafka', 'database', 'portal', 'logs', 'mail']));
      }
    }, 120_000);

    it('reports counts per class, never names, records the run once for its day and in the audit log', async () => {
      expect(report).toBeDefined();
      const byClass = new Map(report?.classes.map((outcome) => [outcome.recordClass, outcome]));
      expect(byClass.get('dead-letter-originals')?.removed).toBe(1);
      expect(byClass.get('unlinked-agency-events')?.parts['matcher ledger: event ids and hashes cleared']).toBeGreaterThanOrEqual(3);
      expect(byClass.get('published-outbox')?.removed).toBeGreaterThan(0);
      expect(report?.kafka.every((holding) => holding.held === 0)).toBe(true);
      const text = JSON.stringify(report);
      for (const needle of needles) expect(text).not.toContain(needle);
      for (const row of council.rows) expect(text).not.toContain(row.familyName);

      const [entry] = await runtime.db('audit_log').where({ kind: 'retention' }).select('actor', 'detail');
      expect(entry).toEqual({ actor: 'system', detail: expect.objectContaining({ 'removed:dead-letter-originals': 1, scheduleVersion: '2026.1' }) });
      expect(await runtime.db('retention_runs').select('scheduled_for', 'actor')).toEqual([{ scheduled_for: '2026-05-27', actor: 'system' }]);
      // The same day again, from another scheduler: already done.
      expect(await runRetention(runtime, { schedule, now: new Date(Date.now() + 60 * dayMs), dryRun: false, actor: 'system', scheduledFor: '2026-05-27' })).toBeUndefined();
      expect((await run('audit', 'verify')).stdout).toMatch(/chain intact/);
    });

    it('the cohort’s digest is still reproduced exactly, and replaying the history still gives the live projections', async () => {
      const asOf = await run('digest', '--as-of', date);
      expect(asOf.stderr).not.toMatch(/live-risk:/);
      expect(asOf.stdout).toMatch(/^reproduced exactly: \d+ families, \d+ items/m);
      const verify = await run('replay', '--verify');
      expect(verify.stderr).not.toMatch(/live-risk:/);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/identical: \d+ rows compared/);
      expect(verify.stdout).toMatch(/^matches\s+([1-9]\d*)\s+\1\s+\1\s+0$/m);
    });

    it('a closed case past its period is erased: its key destroyed, its rows gone, the decision audited; one under a safeguarding hold is kept', async () => {
      const [closing] = council.rows;
      const kept = council.rows.find((row) => row.familyId !== closing.familyId)!;
      const closedEvent = (familyId: string): CohortEvent => ({ type: 'family.closed', eventId: cohortEventId(familyId, 'family.closed'), familyId, recordedAt: '2026-04-01T09:00:00Z', reason: 'goals met' });
      await publishEvents(runtime, 'cohort', [closedEvent(closing.familyId), closedEvent(kept.familyId)], (e) => e.familyId);
      await catchUp(runtime, ['cohort']);
      await runtime.db.transaction((trx) => placeHold(trx, kept.familyId, 'a child protection enquiry is open', 'test'));
      const members = council.rows.filter((row) => row.familyId === closing.familyId).length;
      const sevenYearsOn = new Date(Date.parse('2033-04-02T00:00:00Z'));
      const dry = await runRetention(runtime, { schedule, now: sevenYearsOn, dryRun: true, actor: 'operator:test' });
      const dryOutcome = dry?.classes.find((outcome) => outcome.recordClass === 'closed-cases');
      expect(dryOutcome).toEqual(expect.objectContaining({ removed: 1, notRemoved: 1, note: expect.stringContaining('1 kept under a safeguarding hold') }));
      expect(await runtime.db('members').where({ family_id: closing.familyId }).count({ n: '*' })).toEqual([{ n: String(members) }]);
      expect(await runtime.db('family_keys').where({ family_id: closing.familyId }).whereNull('destroyed_at').count({ n: '*' })).toEqual([{ n: '1' }]);

      const removed = await runRetention(runtime, { schedule, now: sevenYearsOn, dryRun: false, actor: 'operator:test' });
      const outcome = removed?.classes.find((entry) => entry.recordClass === 'closed-cases');
      expect(outcome).toEqual(expect.objectContaining({ removed: 1, notRemoved: 1 }));
      expect(outcome?.parts).toEqual(expect.objectContaining({ families: 1, 'rows in families': 1, 'rows in members': members }));
      for (const table of ['families', 'members', 'family_addresses', 'consents', 'consent_history', 'matches', 'reviews']) {
        expect(await runtime.db(table).where({ family_id: closing.familyId }).count({ n: '*' })).toEqual([{ n: '0' }]);
      }
      // Its key is destroyed, as `live-risk erase` destroys it: its events on Kafka can no longer be read.
      expect(await runtime.db('family_keys').where({ family_id: closing.familyId }).whereNotNull('destroyed_at').count({ n: '*' })).toEqual([{ n: '1' }]);
      const erasure = await runtime.db('audit_log').where({ kind: 'erasure', family_id: closing.familyId }).select('actor', 'detail');
      expect(erasure).toEqual([expect.objectContaining({ actor: 'operator:test', detail: expect.objectContaining({ basis: 'retention-schedule', keyDestroyed: true }) })]);
      const outbox: Array<{ payload: CohortEvent; published_at: Date | null }> = await runtime.db('outbox').where({ message_key: closing.familyId }).select('payload', 'published_at');
      expect(outbox.map((row) => [row.payload.type, row.published_at !== null])).toEqual([['family.erased', true]]);
      // What is left of the family on purpose: ids in the audit log, in the record of applied cohort
      // events, its key's row (the id, the key destroyed) and its family.erased event waiting to be
      // aged out of the outbox. The synthetic id F-DAVIS spells the surname, so both needles find them.
      const left = await findInDatabase(runtime.db, [closing.familyId, closing.familyName]);
      expect(left.filter((finding) => !['audit_log', 'cohort_applied_events', 'family_keys', 'outbox'].includes(finding.table))).toEqual([]);
      // The held family stays, key and all.
      expect(await runtime.db('families').where({ family_id: kept.familyId }).count({ n: '*' })).toEqual([{ n: '1' }]);
      expect(await runtime.db('family_keys').where({ family_id: kept.familyId }).whereNull('destroyed_at').count({ n: '*' })).toEqual([{ n: '1' }]);
      expect(await runtime.db('families').count({ n: '*' })).toEqual([{ n: String(new Set(council.rows.map((row) => row.familyId)).size - 1) }]);
    });
  });
});
