import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Partitioners } from 'kafkajs';
import { catchUp } from '../pipelines/consumers';
import { listAuditEntries, verifyAuditLog } from '../services/audit';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { PoliceIncident } from '../services/contracts';
import { createMailer } from '../services/notify';
import { publishEvents } from '../services/platform/publish';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import type { Runtime } from '../services/platform/runtime';
import { parsePerson, runRetentionAudit, type AuditReport, type Person, type PlaceReport } from '../services/retention-audit';
import { oneFamilyRows } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/** Letters only, so the name is a name to the matcher and unique to this run. */
const randomLetters = (length: number) => [...randomBytes(length)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');
const capitalised = (word: string) => word[0].toUpperCase() + word.slice(1);

function randomPerson(): Person {
  return parsePerson(
    {
      // An accent, so the mail (quoted-printable) and the JSON must be decoded to find it.
      givenName: `Zoë${randomLetters(4)}`,
      familyName: `${capitalised(randomLetters(9))}-Hart`,
      dateOfBirth: '2013-05-17',
      identifiers: { nhsNumber: `4${String(randomBytes(4).readUInt32BE(0) % 1e9).padStart(9, '0')}` },
    },
    'test',
  );
}

const placeOf = (report: AuditReport, place: string): PlaceReport | undefined => report.places.find((p) => p.place === place);

describe('retention audit: where a person outside the cohort is, and proof where they are not', () => {
  let runtime: Runtime;
  let logDir: string;
  const outsider = randomPerson();
  const stranger = randomPerson();

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    logDir = mkdtempSync(join(tmpdir(), 'retention-audit-logs-'));
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
  }, 60_000);
  afterAll(async () => {
    rmSync(logDir, { recursive: true, force: true });
    await disposeRuntime(runtime);
  });

  it('finds the outsider in the agency topic, the dead letter (topic and table), a log line and a mail, and says exactly where', async () => {
    const event: PoliceIncident = {
      type: 'police.incident',
      eventId: `RA-${randomLetters(8)}`,
      source: { organisation: 'Avon and Wessex Police' },
      occurredAt: '2026-03-28T21:00:00+00:00',
      reportedAt: '2026-03-28T22:00:00+00:00',
      category: 'DOMESTIC_ABUSE',
      people: [{ role: 'witness', givenName: outsider.givenName, familyName: outsider.familyName, dateOfBirth: outsider.dateOfBirth, identifiers: { nhsNumber: outsider.identifiers!.nhsNumber } }],
      address: { line1: '99 Far Away Road', postcode: 'BA1 9ZZ' },
    };
    await publishEvents(runtime, 'police', [event], (e) => e.eventId);
    // Not a valid event (no category), sent as plain JSON: the matcher dead-letters it with its bytes in base64.
    const plain = runtime.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await plain.connect();
    await plain.send({ topic: runtime.topics.housing, messages: [{ key: 'k', value: JSON.stringify({ type: 'housing.incident', eventId: 'RA-BAD', people: [{ givenName: outsider.givenName, familyName: outsider.familyName }] }) }] });
    await plain.disconnect();
    await catchUp(runtime);

    writeFileSync(join(logDir, 'scheduler.log'), `{"level":"info","message":"started"}\n{"level":"warn","message":"no email address for ${outsider.familyName.toUpperCase()}, ${outsider.givenName}"}\n`);
    const mailer = createMailer(runtime.config);
    const to = `practitioner-${randomLetters(10)}@council.example`;
    try {
      await mailer.send({ to, from: runtime.config.mailFrom, subject: 'A note', text: `About ${outsider.givenName} ${outsider.familyName}, born 17/05/2013.`, html: '<p>-</p>', messageId: `<ra-${randomLetters(12)}@live-risk>` });
    } finally {
      mailer.close();
    }

    const report = await runRetentionAudit({ config: runtime.config, person: outsider, processLogs: [logDir], actor: 'operator:test' });

    expect(report.exitCode).toBe(1);
    expect(report.places.filter((p) => p.status === 'not-searched')).toEqual([]);
    const found = report.places.filter((p) => p.found > 0);
    const police = placeOf(report, `topic ${runtime.topics.police}`);
    expect(police).toMatchObject({ found: 1, records: 1, attributes: { givenName: 1, familyName: 1, dateOfBirth: 1, nhsNumber: 1 } });
    expect(police?.locations).toEqual([expect.stringMatching(/^partition \d offset 0$/)]);
    expect(placeOf(report, `topic ${runtime.topics.housing}`)).toMatchObject({ found: 1, attributes: { givenName: 1, familyName: 1 } });
    expect(placeOf(report, `topic ${runtime.topics.deadLetters}`)).toMatchObject({ found: 1, records: 1 });
    expect(placeOf(report, 'table public.dead_letters')).toMatchObject({ found: 1, locations: expect.arrayContaining(['payload']) });
    expect(placeOf(report, join(logDir, 'scheduler.log'))).toMatchObject({ found: 1, records: 2, locations: ['line 2'] });
    // The sink is shared with every other test: the message found must be ours, listed first; other
    // messages may only match partly (a date of birth another test's mail happens to hold).
    const [sent] = await readMailbox(runtime.config, { to });
    const mail = report.places.find((p) => p.kind === 'mail');
    expect(mail).toMatchObject({ found: 1, attributes: { givenName: 1, familyName: 1, dateOfBirth: expect.any(Number) } });
    expect(mail?.locations[0]).toBe(sent.file);
    // Exactly these places, plus whichever projection tables keep the agency event's content today
    // (which is what retention must change): nothing in the portal, for someone outside the cohort.
    const expected = new Set([police, placeOf(report, `topic ${runtime.topics.housing}`), placeOf(report, `topic ${runtime.topics.deadLetters}`), placeOf(report, 'table public.dead_letters'), placeOf(report, join(logDir, 'scheduler.log')), mail]);
    expect(found.filter((p) => !expected.has(p)).every((p) => p.kind === 'database')).toBe(true);
    expect(report.places.filter((p) => p.kind === 'portal').every((p) => p.status === 'searched' && p.found === 0)).toBe(true);
    // The report says where and which attribute, never what.
    const json = JSON.stringify(report);
    for (const value of [outsider.givenName, outsider.familyName, outsider.identifiers!.nhsNumber!, '2013-05-17']) expect(json).not.toContain(value);
  }, 60_000);

  it('finds a cohort member in the portal pages a practitioner could open', async () => {
    const member = parsePerson({ givenName: oneFamilyRows[0].givenName, familyName: oneFamilyRows[0].familyName, dateOfBirth: oneFamilyRows[0].dateOfBirth }, 'test');
    const report = await runRetentionAudit({ config: runtime.config, person: member, processLogs: [logDir], actor: 'operator:test' });
    expect(placeOf(report, 'portal: family summaries')).toMatchObject({ found: 1, locations: [`/families/${oneFamilyRows[0].familyId}/summary`] });
    expect(placeOf(report, 'table public.members')).toMatchObject({ found: 1 });
  }, 60_000);

  it('a person sent nowhere: exit 0 from the command, with every place listed as searched', async () => {
    const personFile = join(logDir, '..', `retention-audit-person-${randomLetters(8)}.json`);
    writeFileSync(personFile, JSON.stringify(stranger), { mode: 0o600 });
    try {
      const by = `auditor-${randomLetters(6)}`;
      const run = await promisify(execFile)('node', ['bin/live-risk.cjs', 'retention', 'audit', '--person', personFile, '--format', 'json', '--by', by], {
        env: { ...environmentFor(runtime.config), LIVE_RISK_LOG_DIR: logDir },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      const report = JSON.parse(run.stdout) as AuditReport;
      expect({ exitCode: 'code' in run ? run.code : 0, verdict: report.verdict }).toEqual({ exitCode: 0, verdict: 'not-found' });
      expect(report.places.every((p) => p.status === 'searched' && p.found === 0)).toBe(true);
      expect(new Set(report.places.map((p) => p.kind))).toEqual(new Set(['kafka', 'database', 'logs', 'mail', 'portal']));
      expect(report.places.filter((p) => p.kind === 'kafka').map((p) => p.place)).toEqual(expect.arrayContaining(Object.values(runtime.topics).map((topic) => `topic ${topic}`)));
      expect(placeOf(report, `topic ${runtime.topics.police}`)?.records).toBe(1);
      expect(placeOf(report, join(logDir, 'scheduler.log'))?.records).toBe(2);
      // The search itself is on the record: who, when and how much was searched, never for whom.
      const recorded = (await listAuditEntries(runtime.db, { limit: 50 })).filter((entry) => entry.actor === `operator:${by}`);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]).toMatchObject({
        kind: 'retention-audit',
        subjectMemberIds: [],
        detail: { command: 'retention audit', verdict: 'not-found', exitCode: 0, placesSearched: report.places.length, placesNotSearched: 0, placesFound: 0, startedAt: report.startedAt },
      });
      const entry = JSON.stringify(recorded[0]);
      for (const value of [stranger.givenName, stranger.familyName, stranger.identifiers!.nhsNumber!, stranger.dateOfBirth!]) expect(entry).not.toContain(value);
      await expect(verifyAuditLog(runtime.db)).resolves.toMatchObject({ intact: true });
    } finally {
      rmSync(personFile, { force: true });
    }
  }, 60_000);
});
