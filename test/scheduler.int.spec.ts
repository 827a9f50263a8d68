import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp } from '../pipelines/catch-up';
import { generateAgencyEvents, generateCouncil } from '../pipelines/synthetic-council';
import { agencyOf } from '../services/contracts';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { highWatermarks } from '../services/platform/kafka';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { nextDate } from '../services/digest/window';
import { latestDueDate } from '../services/scheduler/schedule';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('the scheduler', () => {
  let runtime: Runtime;
  const council = generateCouncil({ families: 60, seed: 11 });
  const startedAt = new Date();
  const dueDate = latestDueDate(startedAt, { hours: 7, minutes: 0 });
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
  const emailsTo = async (address: string) => (await readMailbox(runtime.config, { to: address, since: startedAt })).length;

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(council.rows, '2026-01-05T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    const day = generateAgencyEvents(council, { date: dueDate, seed: 11 });
    for (const agency of ['police', 'housing', 'health'] as const) {
      await publishEvents(runtime, agency, day.events.map((e) => e.event).filter((e) => agencyOf(e) === agency), (e) => e.eventId);
    }
  });
  afterAll(async () => disposeRuntime(runtime));

  it('started twice at once issues one digest and sends one email per practitioner', async () => {
    const results = await Promise.all([scheduler(), scheduler()]);
    for (const result of results) expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(await digestsOnKafka()).toBe(council.practitioners.length);
    expect(await runtime.db('digest_ledger').where('digest_date', dueDate).count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
    expect(await runtime.db('notifications').where('status', 'sent').count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
    for (const practitioner of council.practitioners) expect(await emailsTo(practitioner.email)).toBe(1);
  });

  it('run again the same day reproduces nothing new: no second digest, no second email', async () => {
    const again = await scheduler();
    expect(again.code).toBe(0);
    expect(await digestsOnKafka()).toBe(council.practitioners.length);
    for (const practitioner of council.practitioners) expect(await emailsTo(practitioner.email)).toBe(1);
  });

  it('killed mid-run and run again, still issues one digest and one email per practitioner', async () => {
    const date = nextDate(dueDate);
    const issue = () => spawn(process.execPath, [cli, 'issue-digests', '--date', date], { env: environmentFor(runtime.config), stdio: 'ignore' });
    const killed = issue();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.once('exit', resolve));
    const rerun = issue();
    expect(await new Promise((resolve) => rerun.once('exit', resolve))).toBe(0);
    const ledger = await runtime.db('digest_ledger').where('digest_date', date).select('digest_id');
    expect(ledger).toHaveLength(council.practitioners.length);
    const notifications = await runtime.db('notifications').whereIn('digest_id', ledger.map((row) => row.digest_id)).select('status');
    expect(notifications.map((row) => row.status)).toEqual(Array(council.practitioners.length).fill('sent'));
    // A kill between the SMTP server accepting and the commit re-sends that one email under the same Message-ID.
    const messageIds = new Set((await readMailbox(runtime.config, { since: startedAt })).map((mail) => mail.messageId));
    for (const row of ledger) expect(messageIds.has(`<${row.digest_id}@live-risk>`)).toBe(true);
    await catchUp(runtime, ['digests']);
    expect(await runtime.db('digests').where('digest_date', date).count({ n: '*' })).toEqual([{ n: String(council.practitioners.length) }]);
  });

  it('sends emails that carry counts and a link, never a family reference or name', async () => {
    const [mail] = await readMailbox(runtime.config, { to: council.practitioners[0].email, since: startedAt });
    expect(mail.text).toContain(`${runtime.config.portalUrl}/digests/`);
    const familyRows = council.rows.filter((row) => row.leadPractitionerId === council.practitioners[0].practitionerId);
    for (const row of familyRows) {
      for (const value of [row.familyReference, row.familyName, row.givenName, row.addressLine1, row.postcode]) {
        expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(value);
      }
    }
  });
});
