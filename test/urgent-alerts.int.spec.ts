import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catchUp, consumerDepsOf, followConsumers } from '../pipelines/consumers';
import type { CohortRow } from '../services/cohort/csv-format';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { PoliceIncident } from '../services/contracts';
import { deliverNotifications } from '../services/digest/deliver-notifications';
import { runDigestJob } from '../services/digest/digest-job';
import { localInstant, nextDate } from '../services/digest/window';
import { createMailer } from '../services/notify';
import { runOffsetConsumer } from '../services/platform/offset-consumer';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { setPassword, setRoles, startPortal } from '../services/portal';
import { loadRuleSet } from '../services/risk';
import { decideWithholding } from '../services/sharing-decisions';
import { londonDateOf } from '../services/scheduler/schedule';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { acknowledgeAlert } from '../services/urgent/acknowledge-alert';
import { escalateOverdueAlerts } from '../services/urgent/escalate';
import { urgentHandler } from '../services/urgent/urgent-handler';
import { portalClient } from './support/portal-client';
import { testScrypt } from './support/portal-world';
import { disposeRuntime, environmentFor, isolatedConfig, openTestRuntime } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

/** The next time the Europe/London clock shows `hours`:00 after now: a real night (or day) within 24 hours, so the alert is not stale. */
function nextLondon(hours: number, from = new Date()): Date {
  const today = localInstant(londonDateOf(from), { hours, minutes: 0 });
  return today.getTime() > from.getTime() ? new Date(today.getTime()) : new Date(localInstant(nextDate(londonDateOf(from)), { hours, minutes: 0 }).getTime());
}

// Two families, each with a child; all data synthetic. Mailboxes are unique to this run, so the
// shared mail sink shows only this test's emails.
const run = randomBytes(4).toString('hex');
const family = (n: number, child: { given: string; dob: string }): CohortRow[] => {
  const base = {
    familyId: `F-URG-${n}`, familyReference: `SF-URG-${n}`, leadPractitionerId: `P-URG-${n}`, leadPractitionerName: `Lead ${n}`,
    leadPractitionerEmail: `lead-${n}-${run}@council.example`, addressLine1: `${n} Heron Close`, town: 'Wessexbury', postcode: `BA2 ${n}QQ`, consent: 'consent' as const,
  };
  return [
    { ...base, memberId: `F-URG-${n}-M1`, givenName: 'Morwenna', familyName: `Tregarthen${n}`, dateOfBirth: '1988-04-12' },
    { ...base, memberId: `F-URG-${n}-M2`, givenName: child.given, familyName: `Tregarthen${n}`, dateOfBirth: child.dob },
  ];
};
// Family 2's lead is in the South team; family 3's lead manages it (and has nothing urgent).
const rows = [
  ...family(1, { given: 'Ysolde', dob: '2014-09-03' }),
  ...family(2, { given: 'Kenver', dob: '2016-01-22' }).map((row) => ({ ...row, leadPractitionerTeam: 'South' })),
  ...family(3, { given: 'Jowan', dob: '2015-06-30' }).map((row) => ({ ...row, leadPractitionerTeam: 'South' })),
];
const southManager = { id: 'P-URG-3', email: `lead-3-${run}@council.example` };
const missingChild = (row: CohortRow, eventId: string, reportedAt: Date): PoliceIncident => ({
  type: 'police.incident',
  eventId,
  source: { organisation: 'Avon and Wessex Police' },
  occurredAt: minutes(reportedAt, -15).toISOString(),
  reportedAt: reportedAt.toISOString(),
  category: 'MISSING_PERSON',
  people: [{ role: 'subject', givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.dateOfBirth as string }],
  address: { line1: row.addressLine1, postcode: row.postcode },
});

describe('urgent alerts, with a controllable clock', () => {
  let runtime: Runtime;
  const startedAt = new Date();
  const night = nextLondon(2);
  const day = nextLondon(14);
  const config = isolatedConfig();
  const urgent = { ...config.urgent, dutyTeamEmail: `duty-team-${run}@council.example`, dutyManagerEmail: `duty-manager-${run}@council.example`, escalateAfterMinutes: 30 };
  const mailTo = (to: string) => readMailbox(runtime.config, { to, since: startedAt });
  /** The urgent decider as `live-risk run` runs it, but on the test's clock; then the projection. */
  const raiseAt = async (at: Date) => {
    await catchUp(runtime, ['cohort', 'matcher', 'reviews', 'matches', 'sharing-decisions']);
    const applied = await runOffsetConsumer(consumerDepsOf(runtime), urgentHandler(runtime, { now: () => at }), { kind: 'catch-up' });
    await catchUp(runtime, ['urgent-alerts']);
    return applied;
  };
  const cliRun = (...args: string[]) => promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(runtime.config) });

  beforeAll(async () => {
    runtime = await openTestRuntime({ ...config, urgent });
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(rows, '2026-01-05T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => {
    await disposeRuntime(runtime);
  });

  it('a child reported missing at 02:00 goes to the duty team at once, by email without personal data and as an event', async () => {
    await publishEvents(runtime, 'police', [missingChild(rows[1], `AW-M-${run}-1`, minutes(night, -10))], (e) => e.eventId);
    await raiseAt(night);
    const alerts = await runtime.db('urgent_alerts').select('*');
    expect(alerts).toEqual([
      expect.objectContaining({ family_id: 'F-URG-1', rule_id: 'urgent.child-missing', routed_to: 'duty-team', practitioner_id: 'P-URG-1', quiet_hours: true, raised_at: night, acknowledged_at: null, escalated_at: null }),
    ]);
    const mails = await mailTo(urgent.dutyTeamEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0].messageId).toBe(`<${alerts[0].alert_id}@live-risk>`);
    expect(mails[0].text).toContain(`/urgent/${alerts[0].alert_id}`);
    for (const personal of ['SF-URG', 'Ysolde', 'Tregarthen', 'Morwenna', '2014-09-03', 'MISSING', 'missing', 'BA2', 'Heron']) {
      expect(`${mails[0].subject}\n${mails[0].text}\n${mails[0].html}`).not.toContain(personal);
    }
    // Not to the lead practitioner at 02:00.
    expect(await mailTo(rows[0].leadPractitionerEmail)).toHaveLength(0);
    expect(await runtime.db('audit_log').where({ kind: 'urgent-alert', recipient: 'duty-team' }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('escalates once to the duty manager when nobody acknowledges it within the limit, and not before', async () => {
    expect(await escalateOverdueAlerts(runtime, minutes(night, 29))).toBe(0);
    expect(await escalateOverdueAlerts(runtime, minutes(night, 31))).toBe(1);
    expect(await escalateOverdueAlerts(runtime, minutes(night, 45))).toBe(0);
    await runtime.outbox.flush();
    await catchUp(runtime, ['urgent-alerts']);
    expect(await runtime.db('urgent_alerts').select('escalated_to', 'escalated_at')).toEqual([{ escalated_to: 'duty-manager', escalated_at: minutes(night, 31) }]);
    // The scheduler's tick sends it after escalating, as here.
    await deliverNotifications(runtime.db, createMailer(runtime.config), runtime.log, ['urgent']);
    const mails = await mailTo(urgent.dutyManagerEmail);
    expect(mails.map((mail) => mail.subject)).toEqual(['Escalated: an urgent item has not been acknowledged']);
    expect(mails[0].text).not.toContain('Ysolde');
  });

  it('is acknowledged with `live-risk urgent ack`, once, and `urgent list` says so', async () => {
    const [{ alert_id: alertId }] = await runtime.db('urgent_alerts').select('alert_id');
    expect((await cliRun('urgent', 'ack', alertId, '--by', 'duty-officer')).stdout).toContain(`urgent alert ${alertId} acknowledged by duty-officer`);
    expect(await acknowledgeAlert(runtime, alertId, 'someone-else', minutes(night, 50), 'portal')).toBe('already-acknowledged');
    // Reads never consume: the consumers (here, one catch-up) project the acknowledgement.
    await catchUp(runtime, ['urgent-alerts']);
    const listed = JSON.parse((await cliRun('urgent', 'list', '--format', 'json')).stdout);
    expect(listed).toEqual([expect.objectContaining({ alertId, familyReference: 'SF-URG-1', acknowledgedBy: 'duty-officer', escalatedTo: 'duty-manager' })]);
    expect(await runtime.db('audit_log').where({ kind: 'acknowledgement', actor: 'duty-officer' }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('the morning digest shows the item exactly once', async () => {
    const date = londonDateOf(night);
    await catchUp(runtime, ['dead-letters', 'digests']);
    const { issued } = await runDigestJob(runtime, { date, rules: loadRuleSet(), policy: loadPolicy(), now: () => localInstant(date, { hours: 7, minutes: 5 }), practitionerId: 'P-URG-1' });
    const [alert] = await runtime.db('urgent_alerts').select('match_id');
    const items = issued.flatMap((digest) => digest.families.flatMap((f) => f.items));
    expect(items.filter((item) => item.matchId === alert.match_id)).toHaveLength(1);
    expect(items).toHaveLength(1);
  });

  it('a daytime one goes to the lead practitioner', async () => {
    await publishEvents(runtime, 'police', [missingChild(rows[3], `AW-M-${run}-2`, minutes(day, -10))], (e) => e.eventId);
    await raiseAt(day);
    const alert = await runtime.db('urgent_alerts').where({ family_id: 'F-URG-2' }).first();
    expect(alert).toEqual(expect.objectContaining({ routed_to: 'lead-practitioner', practitioner_id: 'P-URG-2', quiet_hours: false }));
    const mails = await mailTo(rows[3].leadPractitionerEmail);
    expect(mails.map((mail) => mail.messageId)).toEqual([`<${alert.alert_id}@live-risk>`]);
    expect(await mailTo(urgent.dutyTeamEmail)).toHaveLength(1);
  });

  it('escalates a daytime one once to the managers of the lead’s team, not the duty manager', async () => {
    await setPassword(runtime.db, southManager.id, 'a long synthetic passphrase for the manager', new Date(), testScrypt);
    await setRoles(runtime.db, southManager.id, ['lead-practitioner', 'team-manager']);
    const [{ raised_at: raisedAt }] = await runtime.db('urgent_alert_ledger').where({ family_id: 'F-URG-2', outcome: 'raised' }).select('raised_at');
    expect(await escalateOverdueAlerts(runtime, minutes(raisedAt, 29))).toBe(0);
    expect(await escalateOverdueAlerts(runtime, minutes(raisedAt, 31))).toBe(1);
    expect(await escalateOverdueAlerts(runtime, minutes(raisedAt, 60))).toBe(0);
    await runtime.outbox.flush();
    await catchUp(runtime, ['urgent-alerts']);
    expect(await runtime.db('urgent_alerts').where({ family_id: 'F-URG-2' }).first('escalated_to')).toEqual({ escalated_to: 'team-manager' });
    await deliverNotifications(runtime.db, createMailer(runtime.config), runtime.log, ['urgent']);
    const mails = await mailTo(southManager.email);
    expect(mails.map((mail) => mail.subject)).toEqual(['Escalated: an urgent item has not been acknowledged']);
    for (const personal of ['SF-URG', 'Kenver', 'Tregarthen', '2016-01-22', 'MISSING', 'missing', 'BA2', 'Heron']) {
      expect(`${mails[0].subject}\n${mails[0].text}\n${mails[0].html}`).not.toContain(personal);
    }
    // The duty manager has only the night's escalation.
    expect(await mailTo(urgent.dutyManagerEmail)).toHaveLength(1);
    expect(await runtime.db('audit_log').where({ kind: 'urgent-alert', recipient: southManager.id }).count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('a restart that reads matches.v1 again raises nothing twice', async () => {
    const before = { alerts: await runtime.db('urgent_alert_ledger').count({ n: '*' }), outbox: await runtime.db('outbox').where({ topic: runtime.topics.urgentAlerts }).count({ n: '*' }) };
    await runtime.db('consumer_offsets').where({ consumer: 'urgent' }).delete();
    expect(await raiseAt(minutes(day, 5))).toBe(2);
    expect(await runtime.db('urgent_alert_ledger').count({ n: '*' })).toEqual(before.alerts);
    expect(await runtime.db('outbox').where({ topic: runtime.topics.urgentAlerts }).count({ n: '*' })).toEqual(before.outbox);
    expect(await runtime.db('urgent_alerts').count({ n: '*' })).toEqual([{ n: '2' }]);
    expect(await mailTo(urgent.dutyTeamEmail)).toHaveLength(1);
    expect(await mailTo(rows[3].leadPractitionerEmail)).toHaveLength(1);
  });

  it('a report withheld from the urgent path as more detrimental to the child raises no alert, and the ledger and audit log say why', async () => {
    const eventId = `AW-M-${run}-3`;
    const decision = decideWithholding({
      agency: 'police', agencyEventId: eventId, paths: ['urgent'], reason: 'Synthetic: telling anyone tonight would put the child at greater risk',
      decidedBy: { name: 'Synthetic Inspector', organisation: 'Avon and Wessex Police' }, decidedAt: minutes(day, 50).toISOString(),
    });
    await publishEvents(runtime, 'sharingDecisions', [decision], (e) => `${e.agency}:${e.agencyEventId}`);
    await publishEvents(runtime, 'police', [missingChild(rows[3], eventId, minutes(day, 55))], (e) => e.eventId);
    await raiseAt(minutes(day, 60));
    const withheld = await runtime.db('urgent_alert_ledger').where({ outcome: 'withheld' }).select('family_id', 'withheld_reason', 'routed_to');
    expect(withheld).toEqual([{ family_id: 'F-URG-2', withheld_reason: expect.stringContaining(decision.decisionId), routed_to: null }]);
    expect(await runtime.db('urgent_alerts').count({ n: '*' })).toEqual([{ n: '2' }]);
    expect(await runtime.db('audit_log').where({ kind: 'refused', family_id: 'F-URG-2' }).pluck('justification')).toEqual([expect.stringContaining(decision.decisionId)]);
    expect(await mailTo(rows[3].leadPractitionerEmail)).toHaveLength(1);
  });

  it('in the portal, a lead sees the alerts about their families and the duty team those routed to it, and acknowledges with the form', async () => {
    const [night1, day2] = [await runtime.db('urgent_alerts').where({ family_id: 'F-URG-1' }).first(), await runtime.db('urgent_alerts').where({ family_id: 'F-URG-2' }).first()];
    const password = 'a long synthetic passphrase for urgent';
    for (const id of ['P-URG-1', 'P-URG-2']) await setPassword(runtime.db, id, password, new Date(), testScrypt);
    await setRoles(runtime.db, 'P-URG-1', ['lead-practitioner', 'duty-team']);
    const portal = await startPortal(runtime, { listen: { host: '127.0.0.1', port: 0 }, scrypt: testScrypt });
    const stop = new AbortController();
    const following = followConsumers(runtime, ['urgent-alerts'], { signal: stop.signal });
    try {
      const client = portalClient(() => portal.url);
      const lead = await client.signIn('P-URG-2', password);
      const list = await client.request('/urgent', { cookie: lead.cookie });
      expect(list.body).toContain('SF-URG-2');
      expect(list.body).not.toContain('SF-URG-1');
      // Someone else's alert is answered as one that does not exist.
      expect((await client.request(`/urgent/${night1.alert_id}`, { cookie: lead.cookie })).status).toBe(404);
      const page = await client.request(`/urgent/${day2.alert_id}`, { cookie: lead.cookie });
      expect(page.body).toContain('a child reported missing');
      expect((await client.post(`/urgent/${day2.alert_id}/acknowledge`, { csrf: 'wrong' }, lead.cookie)).status).toBe(403);
      expect((await client.post(`/urgent/${day2.alert_id}/acknowledge`, { csrf: lead.csrf }, lead.cookie)).status).toBe(303);
      expect(await runtime.db('urgent_alert_ledger').where({ alert_id: day2.alert_id }).whereNotNull('acknowledged_at').count({ n: '*' })).toEqual([{ n: '1' }]);
      expect(await runtime.db('audit_log').where({ kind: 'view', actor: 'P-URG-2', item_id: day2.match_id }).count({ n: '*' })).toEqual([{ n: '1' }]);
      expect(await runtime.db('audit_log').where({ kind: 'acknowledgement', actor: 'P-URG-2' }).count({ n: '*' })).toEqual([{ n: '1' }]);

      const duty = await client.signIn('P-URG-1', password);
      const dutyList = await client.request('/urgent', { cookie: duty.cookie });
      expect(dutyList.body).toContain('SF-URG-1');
      expect(dutyList.body).toContain('the duty team (quiet hours)');
    } finally {
      stop.abort();
      await following;
      await portal.close();
    }
  });
});
