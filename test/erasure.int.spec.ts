import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { agencies, agencyOf, agencyTopicIds } from '../services/contracts';
import { runDigestJob } from '../services/digest/digest-job';
import { eraseFamily } from '../services/erasure';
import { topicExtents } from '../services/platform/offset-binding';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { readRanges } from '../services/platform/topic-range';
import { loadPolicy } from '../services/policy';
import { parsePerson, runRetentionAudit } from '../services/retention-audit';
import { loadRuleSet } from '../services/risk';
import { findInDatabase } from './support/find-in-database';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

/**
 * Erasure by crypto-shredding on the real stack: a family with a day's linked events and a digest
 * is erased; afterwards nothing of its people can be found anywhere
 * live-risk writes, while every other family's digests, replays and the audit chain still hold.
 */
describe('erasure: a family erased from an immutable log', () => {
  let runtime: Runtime;
  let dir: string;
  const council = generateCouncil({ families: 12, seed: 18 });
  const date = '2026-03-28';
  /** The family erased: the generated family most events were linked to (see beforeAll). */
  let erased: string;
  let people: typeof council.rows;
  const personOf = (row: (typeof people)[number]) =>
    parsePerson(
      { givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth, identifiers: { nhsNumber: row.nhsNumber, pncId: row.pncId, uprn: row.uprn } },
      'the test',
    );
  /** Strings that say who the family's people are (names as the events write them); none may survive the erasure. */
  const needles = () =>
    people.flatMap((row) =>
      [`"givenName":"${row.givenName}"`, `"familyName":"${row.familyName}"`, row.dateOfBirth, row.nhsNumber, row.pncId].filter((value): value is string => Boolean(value)),
    );
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: join(dir, 'pseudonym.key'), LIVE_RISK_MASTER_KEY_FILE: runtime.config.masterKeyFile },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const rows = async (table: string) => Number((await runtime.db(table).where({ family_id: erased }).count({ n: '*' }))[0].n);
  /** Every message of a topic as raw bytes, as anyone with read access to Kafka would see it. */
  const rawValues = async (topic: string): Promise<string[]> => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    const extents = await topicExtents(admin, [topic]).finally(() => admin.disconnect());
    const values: string[] = [];
    const ranges = [...(extents.get(topic) ?? new Map())].map(([partition, extent]) => ({ topic, partition, from: extent.low, to: extent.high }));
    await readRanges(runtime.kafka, ranges, async (messages) => void values.push(...messages.map((message) => message.value?.toString('utf8') ?? '')), `${runtime.config.topicPrefix}erasure-test.`);
    return values;
  };
  const expireAgencyTopics = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      for (const id of agencyTopicIds) {
        const partitions = await admin.fetchTopicOffsets(runtime.topics[id]);
        await admin.deleteTopicRecords({ topic: runtime.topics[id], partitions: partitions.map((entry) => ({ partition: entry.partition, offset: entry.high })) });
      }
    } finally {
      await admin.disconnect();
    }
  };
  const agencyTopicsEmpty = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      let held = 0;
      for (const id of agencyTopicIds) held += (await admin.fetchTopicOffsets(runtime.topics[id])).reduce((sum, entry) => sum + Number(entry.high) - Number(entry.low), 0);
      return held === 0;
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'live-risk-erasure-'));
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    const events = generateAgencyEvents(council, { date, seed: 18 }).events.map((e) => e.event);
    for (const agency of agencies) await publishEvents(runtime, agency, events.filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    await catchUp(runtime, digestInputs);
    await runDigestJob(runtime, { date, rules: loadRuleSet(), policy: loadPolicy(), now: () => new Date() });
    await catchUp(runtime);
    // Not a story family: their ids (F-DAVIS) spell the surname, and an id survives erasure. A
    // council's family ids must not hold names, and the README says so.
    const [busiest] = await runtime.db('matches').whereNot('family_id', 'like', 'F-%').groupBy('family_id').orderByRaw('count(*) desc, family_id').limit(1).select('family_id');
    erased = busiest.family_id;
    people = council.rows.filter((row) => row.familyId === erased);
  }, 120_000);
  afterAll(async () => disposeRuntime(runtime));

  it('carries the family’s personal fields sealed in Kafka, and readers see them opened', async () => {
    expect(await rows('matches')).toBeGreaterThan(0);
    expect(await rows('members')).toBe(people.length);
    for (const topic of [runtime.topics.cohort, runtime.topics.matches, runtime.topics.digests]) {
      const values = (await rawValues(topic)).join('\n');
      expect(values).toContain('"sealed"');
      for (const needle of needles()) expect(values).not.toContain(needle);
    }
    // `retention audit` opens sealed fields with the keys: before the erasure it finds the family's people.
    const audit = await runRetentionAudit({ config: runtime.config, person: personOf(people[0]), processLogs: 'kept-nowhere', actor: 'operator:test' });
    expect(audit.places.filter((place) => place.found > 0).map((place) => place.place)).toEqual(
      expect.arrayContaining([expect.stringContaining(runtime.topics.cohort), expect.stringContaining('members')]),
    );
  }, 60_000);

  it('a safeguarding hold blocks erasure and says so; released, it no longer does', async () => {
    const hold = await run('erase', 'hold', '--family', erased, '--justification', 'section 47 enquiry open', '--by', 'ig-officer');
    expect(hold.code).toBe(0);
    const refused = await run('erase', '--family', erased, '--reason', 'case closed and retention period over', '--basis', 'retention-schedule', '--by', 'ig-officer');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/safeguarding hold blocks it/);
    expect(refused.stderr).toContain('section 47 enquiry open');
    expect(await rows('members')).toBe(people.length);
    expect(await runtime.db('family_keys').where({ family_id: erased }).whereNull('destroyed_at').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect((await run('erase', 'release', '--family', erased, '--reason', 'enquiry concluded', '--by', 'ig-officer')).code).toBe(0);
  });

  it('a dry run says what would go and changes nothing', async () => {
    const dry = await run('erase', '--family', erased, '--reason', 'case closed and retention period over', '--basis', 'retention-schedule', '--by', 'ig-officer', '--dry-run');
    expect(dry.stderr).not.toMatch(/live-risk:/);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would destroy its key/);
    expect(dry.stdout).toMatch(new RegExp(`^  members: ${people.length} row\\(s\\)$`, 'm'));
    expect(dry.stdout).toMatch(/^ {2}matches: [1-9]\d* row\(s\)$/m);
    expect(dry.stdout).toMatch(/^ {2}digests \(entries\): [1-9]\d* row\(s\)$/m);
    expect(await rows('members')).toBe(people.length);
    expect(await runtime.db('audit_log').where({ kind: 'erasure' }).whereRaw("detail->>'action' = 'erase'").count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  describe('after the erasure', () => {
    let erasure: Result;
    beforeAll(async () => {
      erasure = await run('erase', '--family', erased, '--reason', 'case closed and retention period over', '--basis', 'retention-schedule', '--by', 'ig-officer');
      // The consumers read family.erased like any other cohort event.
      await catchUp(runtime);
    }, 60_000);

    it('destroys the key, removes the family’s rows and records who decided, why and on what basis', async () => {
      expect(erasure.stderr).not.toMatch(/live-risk:/);
      expect(erasure.code).toBe(0);
      expect(erasure.stdout).toMatch(/erased: its key is destroyed/);
      const key = await runtime.db('family_keys').where({ family_id: erased }).first('wrapped_key', 'destroyed_at');
      expect(key).toEqual({ wrapped_key: null, destroyed_at: expect.any(Date) });
      for (const table of ['families', 'members', 'matches', 'reviews', 'consents', 'family_addresses']) expect(await rows(table)).toBe(0);
      const [entry] = await runtime.db('audit_log').where({ kind: 'erasure', family_id: erased }).whereRaw("detail->>'action' = 'erase'").select('actor', 'justification', 'detail');
      expect(entry).toEqual({ actor: 'operator:ig-officer', justification: 'case closed and retention period over', detail: expect.objectContaining({ basis: 'retention-schedule', keyDestroyed: true }) });
      // Said in the log itself too, so no reader brings the family back.
      expect((await rawValues(runtime.topics.cohort)).some((value) => value.includes('"family.erased"') && value.includes(erased))).toBe(true);
      expect(await eraseFamily(runtime, { familyId: erased, reason: 'again', basis: 'retention-schedule', actor: 'operator:ig-officer', dryRun: false })).toEqual({ kind: 'already-erased' });
    });

    it('`retention audit` finds nothing of the family’s people anywhere: Kafka, PostgreSQL, portal pages, logs, mail', async () => {
      // Agency events are retention's business, not erasure's (the retention test shows the broker
      // deleting them when their period is over): here they are deleted up to their end at once, as
      // their period's end would, rather than waiting on the broker's retention check.
      await expireAgencyTopics();
      expect(await agencyTopicsEmpty()).toBe(true);
      expect(await findInDatabase(runtime.db, needles())).toEqual([]);
      for (const row of people) {
        const audit = await runRetentionAudit({ config: runtime.config, person: personOf(row), processLogs: 'kept-nowhere', actor: 'operator:test' });
        expect(audit.places.filter((place) => place.found > 0).map((place) => place.place)).toEqual([]);
        expect(audit.places.filter((place) => place.status === 'not-searched').map((place) => place.place)).toEqual([]);
        expect(new Set(audit.places.map((place) => place.kind))).toEqual(new Set(['kafka', 'database', 'portal', 'logs', 'mail']));
      }
    }, 400_000);

    it('other families’ digests are still reproduced exactly, replay still verifies, and the audit chain verifies', async () => {
      const asOf = await run('digest', '--as-of', date);
      expect(asOf.stderr).not.toMatch(/live-risk:/);
      expect(asOf.stdout).toMatch(/^reproduced exactly: \d+ families, \d+ items/m);
      expect(asOf.stdout).not.toContain(erased);
      const verify = await run('replay', '--verify');
      expect(verify.stderr).not.toMatch(/live-risk:/);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/identical: \d+ rows compared/);
      expect(verify.stdout).toMatch(/erased/);
      for (const needle of needles()) expect(verify.stdout + asOf.stdout).not.toContain(needle);
      const audit = await run('audit', 'verify');
      expect(audit.code).toBe(0);
      expect(audit.stdout).toMatch(/chain intact/);
    }, 180_000);
  });
});
