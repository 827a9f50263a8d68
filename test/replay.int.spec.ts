import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { consumerRegistry, projectionNames } from '../services/consumers';
import { agencies, agencyOf } from '../services/contracts';
import { runDigestJob } from '../services/digest/digest-job';
import { highWatermarks } from '../services/platform/kafka';
import { loadPolicy } from '../services/policy';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { decideReview, listReviews } from '../services/review';
import { loadRuleSet } from '../services/risk';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('live-risk replay', () => {
  let runtime: Runtime;
  let keyFile: string;
  /** Between the cohort and the agency events, by the broker's clock. */
  let cohortOnly: Date;
  const council = generateCouncil({ families: 20, seed: 11 });
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, 'replay', ...args], { env: { ...environmentFor(runtime.config), LIVE_RISK_PSEUDONYM_KEY_FILE: keyFile } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const schemas = async (): Promise<string[]> =>
    (await runtime.db.raw("select nspname from pg_namespace where nspname like 'replay\\_%' order by 1")).rows.map((row: { nspname: string }) => row.nspname);
  const publishedMatches = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return [...(await highWatermarks(admin, runtime.topics.matches))].map(([partition, high]) => `${partition}:${high}`).join(',');
    } finally {
      await admin.disconnect();
    }
  };

  beforeAll(async () => {
    keyFile = join(await mkdtemp(join(tmpdir(), 'live-risk-replay-')), 'pseudonym.key');
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows([...council.rows, ...oneFamilyRows], '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    cohortOnly = new Date();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const day = generateAgencyEvents(council, { date: '2026-03-28', seed: 11 });
    for (const agency of agencies) {
      await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
    // A likely-but-not-certain person: reviewed and confirmed, so the review projection queues a match.linked.
    const uncertain = policeEventFor(oneFamilyRows[0], 'ASP-REPLAY-1');
    await publishEvents(runtime, 'police', [{ ...uncertain, people: [{ role: 'victim', givenName: 'Rhi', familyName: 'Quillfeather', dateOfBirth: '1992-02-03' }] }], (e) => e.eventId);
    await catchUp(runtime);
    const [review] = await listReviews(runtime.db);
    await decideReview(runtime, review.reviewId, { outcome: 'confirmed', decidedBy: 'Sam Reviewer' });
    await catchUp(runtime);
    await runDigestJob(runtime, { date: '2026-03-29', rules: loadRuleSet(), policy: loadPolicy() });
    await catchUp(runtime);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('verifies that replaying the history gives the live projections row for row, and publishes nothing', async () => {
    const before = await publishedMatches();
    const result = await run('--verify');
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    // Every table of every projection is compared.
    const tables = projectionNames.flatMap((name) => consumerRegistry[name].tables).length;
    const compared = Number(new RegExp(`identical: (\\d+) rows compared in ${tables} tables`).exec(result.stdout)?.[1]);
    const [{ n: liveRows }] = await runtime.db.raw(
      `select (select count(*) from members) + (select count(*) from matches) + (select count(*) from digests) + (select count(*) from reviews) as n`,
    ).then((r: { rows: Array<{ n: string }> }) => r.rows);
    expect(compared).toBeGreaterThan(Number(liveRows));
    expect(result.stdout).toMatch(/^matches\s+(\d+)\s+\1\s+\1\s+0$/m);
    expect(result.stdout).toMatch(/^reviews\s+1\s+1\s+1\s+0$/m);
    expect(result.stdout).toMatch(/^digest_items\s+([1-9]\d*)\s+\1\s+\1\s+0$/m);
    expect(await publishedMatches()).toBe(before);
    expect(await schemas()).toEqual([]);
  });

  it('fails when a live row was changed, naming the table, key and column with pseudonyms only', async () => {
    const { member_id: memberId, given_name: givenName } = await runtime.db('members').orderBy('member_id').first('member_id', 'given_name');
    await runtime.db('members').where({ member_id: memberId }).update({ given_name: 'Tampered' });
    try {
      const result = await run('--verify', '--limit', '3');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^members\s+\d+\s+\d+\s+\d+\s+1$/m);
      expect(result.stdout).toMatch(/members member_id="member-[0-9a-f]{12}" given_name: live "person-[0-9a-f]{12}", replayed "person-[0-9a-f]{12}"/);
      expect(result.stdout).not.toContain(memberId);
      expect(result.stdout).not.toContain(givenName);
      expect(result.stdout).not.toContain('Tampered');

      const raw = await run('--verify', '--raw', '--by', 'ana');
      expect(raw.code).toBe(1);
      expect(raw.stdout).toContain(`members member_id="${memberId}" given_name: live "Tampered", replayed "${givenName}"`);
      const audit = await runtime.db('audit_log').where({ kind: 'raw-access' }).select('actor', 'detail');
      expect(audit).toEqual([{ actor: 'analyst:ana', detail: expect.objectContaining({ command: 'replay --verify' }) }]);
    } finally {
      await runtime.db('members').where({ member_id: memberId }).update({ given_name: givenName });
    }
  });

  it('builds a pseudonymised schema for analysts without touching the live rows or offsets', async () => {
    const offsets = await runtime.db('consumer_offsets').orderBy(['consumer', 'topic', 'partition']).select('consumer', 'topic', 'partition', 'next_offset');
    const members = await runtime.db('members').orderBy('member_id').select();
    const outbox = await runtime.db('outbox').count({ n: '*' });
    const result = await run('--into', 'everything');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SET search_path TO replay_everything/);
    expect(result.stderr).toMatch(/cohort\s+\[#+\] \d+\/\d+\s+\d+ msg\/s/);
    expect(await schemas()).toEqual(['replay_everything']);
    const replayed = await runtime.db.withSchema('replay_everything').table('members').select('member_id', 'given_name', 'date_of_birth', 'nhs_number');
    expect(replayed).toHaveLength(members.length);
    expect(replayed.every((row) => /^member-/.test(row.member_id) && /^person-/.test(row.given_name))).toBe(true);
    expect(JSON.stringify(replayed)).not.toContain(members[0].given_name);
    // A confirmed review queued its match.linked in the replay's own outbox, where no relay looks.
    expect(await runtime.db.withSchema('replay_everything').table('outbox').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await runtime.db('consumer_offsets').orderBy(['consumer', 'topic', 'partition']).select('consumer', 'topic', 'partition', 'next_offset')).toEqual(offsets);
    expect(await runtime.db('members').orderBy('member_id').select()).toEqual(members);
    expect(await runtime.db('outbox').count({ n: '*' })).toEqual(outbox);
    expect((await run('--into', 'everything')).code).toBe(2);
  });

  it('replays only the messages the broker received in the window', async () => {
    const result = await run('--into', 'cohort_only', '--to', cohortOnly.toISOString());
    expect(result.code).toBe(0);
    const count = async (table: string) => Number((await runtime.db.withSchema('replay_cohort_only').table(table).count({ n: '*' }))[0].n);
    expect(await count('members')).toBe(await runtime.db('members').count({ n: '*' }).then((rows) => Number(rows[0].n)));
    expect(await count('matches')).toBe(0);
    expect(await count('reviews')).toBe(0);
  });
});
