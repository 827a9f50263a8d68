import { randomUUID } from 'node:crypto';
import { catchUp, digestInputs } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import { digestIssued, type CohortEvent, type DigestIssued, type PoliceIncident } from '../services/contracts';
import { digestItems } from '../services/digest/build-digest';
import { deliverNotifications } from '../services/digest/deliver-notifications';
import { entriesAbout, verifyAuditLog } from '../services/audit';
import { runDigestJob } from '../services/digest/digest-job';
import { renderDigestText } from '../services/digest/render-text';
import { createMailer } from '../services/notify';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { loadPolicy } from '../services/policy';
import { loadRuleSet } from '../services/risk';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Consent through the whole pipeline: a consent.withdrawn on cohort.events.v1 stops a consent-based
 * item (an arrest, for a lead practitioner) from reaching the next digest on digests.v1 and its
 * email, while a public-task item (a concern for a child) is still shared. All data is synthetic.
 */
describe('consent and the sharing policy, through Kafka, PostgreSQL and the mail sink', () => {
  let runtime: Runtime;
  const rules = loadRuleSet();
  const policy = loadPolicy();
  const email = `practitioner-${randomUUID()}@council.example`;
  const rows = oneFamilyRows.map((row) => ({ ...row, leadPractitionerEmail: email }));
  const [member] = rows;
  const startedAt = new Date(Date.now() - 1000);

  const police = (eventId: string, category: PoliceIncident['category'], reportedAt: string): PoliceIncident => ({
    ...policeEventFor(member, eventId, reportedAt),
    category,
    occurredAt: reportedAt,
    summary: `Synthetic ${category.toLowerCase()} narrative ${eventId}`,
  });

  async function issue(date: string, events: PoliceIncident[]): Promise<DigestIssued> {
    await publishEvents(runtime, 'police', events, (event) => event.eventId);
    await catchUp(runtime, digestInputs);
    const { issued } = await runDigestJob(runtime, { date, rules, policy });
    expect(issued).toHaveLength(1);
    const mailer = createMailer(runtime.config);
    try {
      await deliverNotifications(runtime.db, mailer, runtime.log);
    } finally {
      mailer.close();
    }
    // What digests.v1 carried, as the digests projection read it back from Kafka.
    await catchUp(runtime, ['digests']);
    const [row] = await runtime.db('digests').where('digest_date', date).select('payload');
    return digestIssued.parse(row.payload);
  }

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(rows, '2026-01-05T09:00:00Z'), (event) => event.familyId);
    await catchUp(runtime, ['cohort']);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('shares a consent-based item while the family’s consent is in force', async () => {
    const digest = await issue('2026-03-28', [police('P-ARREST-1', 'ARREST', '2026-03-27T22:00:00+00:00')]);
    expect(digest.policyVersion).toBe(policy.version);
    expect(digestItems(digest)).toEqual([
      expect.objectContaining({ category: 'ARREST', summary: 'Synthetic arrest narrative P-ARREST-1', disclosure: { level: 'full', basis: 'consent' } }),
    ]);
    const [mail] = await readMailbox(runtime.config, { to: email, since: startedAt });
    expect(mail.subject).toMatch(/: 1 medium$/);
  });

  it('a consent withdrawal event stops consent-based items from the next digest and its email', async () => {
    const withdrawal: CohortEvent = {
      type: 'consent.withdrawn',
      eventId: `withdrawn-${randomUUID()}`,
      familyId: member.familyId,
      recordedAt: new Date().toISOString(),
      purpose: 'live-risk-sharing',
    };
    await publishEvents(runtime, 'cohort', [withdrawal], (event) => event.familyId);
    const digest = await issue('2026-03-29', [
      police('P-ARREST-2', 'ARREST', '2026-03-28T22:00:00+00:00'),
      police('P-CHILD-1', 'CHILD_CONCERN', '2026-03-28T23:00:00+00:00'),
    ]);

    expect(digestItems(digest)).toEqual([expect.objectContaining({ category: 'CHILD_CONCERN', disclosure: { level: 'full', basis: 'public-task' } })]);
    expect(digest.counts).toEqual({ high: 1, medium: 0, low: 0, information: 0 });
    expect(digest.withheld).toEqual(expect.objectContaining({ 'consent-withdrawn': 1 }));
    for (const shown of [JSON.stringify(digest), renderDigestText(digest)]) {
      expect(shown).not.toContain('P-ARREST-2');
      expect(shown).not.toMatch(/arrest/i);
    }
    const mails = await readMailbox(runtime.config, { to: email, since: startedAt });
    expect(mails.map((mail) => mail.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/Sun 29 Mar 2026: 1 high$/)]));
    const [notification] = await runtime.db('notifications').where('digest_id', digest.digestId).select('email', 'status');
    expect(notification.status).toBe('sent');
    expect(JSON.stringify(notification.email)).not.toMatch(/arrest|withheld|consent/i);
  });

  it('the audit log records each disclosure with its policy version, and nothing withheld', async () => {
    const entries = await entriesAbout(runtime.db, [member.memberId], [member.familyId]);
    const disclosed = entries.filter((entry) => entry.kind === 'disclosure');
    expect(disclosed.map((entry) => [entry.category, entry.level, entry.lawfulBasis, entry.policyVersion, entry.recipient])).toEqual([
      ['ARREST', 'full', 'consent', policy.version, member.leadPractitionerId],
      ['CHILD_CONCERN', 'full', 'public-task', policy.version, member.leadPractitionerId],
    ]);
    expect(await verifyAuditLog(runtime.db)).toEqual(expect.objectContaining({ intact: true, count: 2 }));
  });
});
