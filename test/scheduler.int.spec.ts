import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, catchUpOrder, followConsumers } from '../pipelines/consumers';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { agencies, agencyOf, type CohortEvent } from '../services/contracts';
import { cohortEventId, cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { highWatermarks } from '../services/platform/kafka';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { previousDate } from '../services/digest/window';
import { latestDueDate } from '../services/scheduler/schedule';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { exitOf, holdRow, reachedBeforeExit } from './support/held-row';
import { stallingSmtpRelay } from './support/stalling-smtp-relay';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('the scheduler, beside the consumers as in production', () => {
  let runtime: Runtime;
  const consumers = new AbortController();
  let following: Promise<void> | undefined;
  const council = generateCouncil({ families: 60, seed: 11 });
  const startedAt = new Date();
  const dueDate = latestDueDate(startedAt, { hours: 7, minutes: 0 });
  // A family closed in 2019, past the built-in six years: the day's retention run erases it. Its
  // practitioner has other families, so still gets a digest.
  const longClosed = council.rows.find((row) => council.rows.some((other) => other.familyId !== row.familyId && other.leadPractitionerId === row.leadPractitionerId))!.familyId;
  const scheduler = (): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, 'scheduler', '--once'], { env: environmentFor(runtime.config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const digestsOnKafka = async () => {
    const admin = runtime.kafka.admin();
    await admin.connect();
    try {
      return [...(await highWatermarks(admin, runtime.topics.digests)).values()].reduce((sum, high) => sum + Number(high), 0);
    } finally {
      await admin.disconnect();
    }
  };
  // Digest emails only: the consumers beside the scheduler may also send urgent alerts (services/urgent) about the day's events.
  const digestEmailsTo = async (address: string) => (await readMailbox(runtime.config, { to: address, since: startedAt })).filter((mail) => !mail.messageId?.startsWith('<urgent'));
  const emailsTo = async (address: string) => (await digestEmailsTo(address)).length;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const closed: CohortEvent = { type: 'family.closed', eventId: cohortEventId(longClosed, 'family.closed'), familyId: longClosed, recordedAt: '2019-04-01T09:00:00Z', reason: 'goals met' };
    await publishEvents(runtime, 'cohort', [...cohortEventsFromRows(council.rows, '2019-01-07T09:00:00Z'), closed], (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    const day = generateAgencyEvents(council, { date: dueDate, seed: 11 });
    for (const agency of agencies) {
      await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
    // The scheduler reads no topic: it waits for these, as it would for `live-risk run --follow`.
    following = followConsumers(runtime, catchUpOrder, { signal: consumers.signal });
  });
  afterAll(async () => {
    consumers.abort();
    await following;
    await disposeRuntime(runtime);
  });

  it('started twice at once issues one digest and sends one email per practitioner', async () => {
    const results = await Promise.all([scheduler(), scheduler()]);
    for (const result of results) expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(await digestsOnKafka()).toBe(council.practitioners.length);
    expect(await runtime.db('digest_ledger').where('digest_date', dueDate).count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
    expect(await runtime.db('notifications').where({ status: 'sent', kind: 'digest' }).count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
    for (const practitioner of council.practitioners) expect(await emailsTo(practitioner.email)).toBe(1);
    // Then the day's retention run, once, by whichever got there first, in the audit log as the system's.
    expect(await runtime.db('retention_runs').select('scheduled_for', 'actor')).toEqual([{ scheduled_for: dueDate, actor: 'system' }]);
    expect(await runtime.db('audit_log').where({ kind: 'retention' }).select('actor')).toEqual([{ actor: 'system' }]);
    expect(results.map((result) => result.stderr).join('')).toMatch(new RegExp(`${dueDate}: retention run under schedule 2026\\.1 removed \\d+ records`));
    // It erased the family closed in 2019, as the system, and the scheduler's own login published
    // family.erased to the cohort topic (its one write there).
    expect(await runtime.db('family_keys').where({ family_id: longClosed }).whereNotNull('destroyed_at').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await runtime.db('audit_log').where({ kind: 'erasure', family_id: longClosed }).select('actor')).toEqual([{ actor: 'system' }]);
    const erased = await runtime.db('outbox').where({ topic: runtime.topics.cohort, message_key: longClosed }).select('published_at', runtime.db.raw("payload->>'type' as type"));
    expect(erased).toEqual([{ type: 'family.erased', published_at: expect.any(Date) }]);
  });

  it('run again the same day reproduces nothing new: no second digest, no second email', async () => {
    const again = await scheduler();
    expect(again.code).toBe(0);
    expect(await digestsOnKafka()).toBe(council.practitioners.length);
    for (const practitioner of council.practitioners) expect(await emailsTo(practitioner.email)).toBe(1);
    expect(await runtime.db('retention_runs').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  const issue = (date: string, smtpUrl = runtime.config.smtpUrl) =>
    spawn(process.execPath, [cli, 'issue-digests', '--date', date], { env: { ...environmentFor(runtime.config), SMTP_URL: smtpUrl }, stdio: 'ignore' });
  const messageIdOf = (digestId: string) => `<${digestId}@live-risk>`;
  const emailsWithId = async (messageId: string) => (await readMailbox(runtime.config, { messageId, since: startedAt })).length;

  /** What a rerun must leave, wherever the kill landed: one digest, one sent notification and its email per practitioner. */
  const expectOneDigestAndEmailEach = async (date: string) => {
    const ledger: Array<{ digest_id: string }> = await runtime.db('digest_ledger').where('digest_date', date).select('digest_id');
    expect(ledger).toHaveLength(council.practitioners.length);
    const notifications = await runtime.db('notifications').whereIn('digest_id', ledger.map((row) => row.digest_id)).select('status');
    expect(notifications.map((row) => row.status)).toEqual(Array(council.practitioners.length).fill('sent'));
    for (const row of ledger) expect(await emailsWithId(messageIdOf(row.digest_id))).toBe(1);
    await catchUp(runtime, ['digests']);
    expect(await runtime.db('digests').where('digest_date', date).count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
  };

  it('killed while its issuing transaction is open leaves nothing, and run again issues one digest and one email per practitioner', async () => {
    // Earlier days than the one the scheduler issued: their cut-offs have passed, so they may be issued now.
    const date = previousDate(dueDate);
    // The last practitioner in the job's order: its ledger insert waits on ours, with the others' digests already written.
    const last = council.practitioners.map((p) => p.practitionerId).sort().at(-1);
    const now = new Date().toISOString();
    const held = await holdRow(runtime.db, 'digest_ledger', { practitioner_id: last, digest_date: date, digest_id: 'held-by-test', window_from: now, window_to: now, cut_off: now });
    const killed = issue(date);
    try {
      await reachedBeforeExit(held.untilSomeoneWaits(), killed);
    } finally {
      killed.kill('SIGKILL');
      await exitOf(killed);
      await held.release();
    }
    expect(await runtime.db('digest_ledger').where('digest_date', date).count({ n: '*' })).toEqual([{ n: '0' }]);

    expect(await exitOf(issue(date))).toBe(0);
    await expectOneDigestAndEmailEach(date);
  });

  it('killed while sending its emails, and run again, sends each remaining email once', async () => {
    const date = previousDate(previousDate(dueDate));
    const passing = 1;
    const relay = await stallingSmtpRelay(runtime.config.smtpUrl, passing);
    const killed = issue(date, relay.url);
    try {
      await reachedBeforeExit(relay.stalled, killed);
    } finally {
      killed.kill('SIGKILL');
      await exitOf(killed);
      await relay.close();
    }
    const statuses = await runtime.db('notifications as n')
      .join('digest_ledger as l', 'l.digest_id', 'n.digest_id')
      .where('l.digest_date', date)
      .groupBy('n.status')
      .select('n.status', runtime.db.raw('count(*)::int as n'));
    expect(Object.fromEntries(statuses.map((row) => [row.status, row.n]))).toEqual({ sent: passing, pending: council.practitioners.length - passing });

    expect(await exitOf(issue(date))).toBe(0);
    await expectOneDigestAndEmailEach(date);
  });

  it('sends emails that carry counts and a link, never a family reference or name', async () => {
    const [mail] = await digestEmailsTo(council.practitioners[0].email);
    expect(mail.text).toContain(`${runtime.config.portalUrl}/digests/`);
    const familyRows = council.rows.filter((row) => row.leadPractitionerId === council.practitioners[0].practitionerId);
    for (const row of familyRows) {
      for (const value of [row.familyReference, row.familyName, row.givenName, row.addressLine1, row.postcode]) {
        expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(value);
      }
    }
  });
});
