import { randomUUID } from 'node:crypto';
import { catchUp, consumerDepsOf } from '../pipelines/consumers';
import { entriesAbout } from '../services/audit';
import type { CohortRow } from '../services/cohort/csv-format';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { CohortEvent, PoliceIncident } from '../services/contracts';
import { localInstant, nextDate, previousDate } from '../services/digest/window';
import { encompassDirectory, loadEncompassDirectory, type SchoolCalendars } from '../services/encompass';
import { encompassHandler } from '../services/encompass/encompass-handler';
import { encompassReport } from '../services/encompass/report';
import { stableId } from '../services/platform/ids';
import { runOffsetConsumer } from '../services/platform/offset-consumer';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { londonDateOf } from '../services/scheduler/schedule';
import { recordWithholding } from '../services/sharing-decisions';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * Operation Encompass through Kafka, PostgreSQL and the mail sink, with the decider's clock in the
 * test's hands. Kafka stamps when each police event reached us with the real time, so the school
 * calendar is laid out around today: a term now, a summer holiday after it, the next term after that.
 * All data is synthetic.
 */
const addDays = (date: string, days: number) => {
  let out = date;
  for (let i = 0; i < Math.abs(days); i += 1) out = days > 0 ? nextDate(out) : previousDate(out);
  return out;
};
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();
const at = (date: string, hours: number, minutes = 0) => new Date(localInstant(date, { hours, minutes }).getTime());

const today = londonDateOf(new Date());
let friday = addDays(today, 7);
while (weekday(friday) !== 5) friday = nextDate(friday);
const monday = addDays(friday, 3);
const holidayDay = addDays(friday, 30);
const nextTermStarts = addDays(friday, 59); // a Monday
const lateFriday = addDays(friday, -21);

const calendars: SchoolCalendars = {
  version: 'test',
  effectiveFrom: addDays(today, -60),
  description: '',
  calendars: Object.fromEntries(
    ['avonford-council', 'combe-lacey-academy'].map((id) => [
      id,
      {
        name: `test calendar ${id}`,
        schoolDayStarts: '08:45',
        terms: [
          { name: 'this term', from: addDays(today, -60), to: addDays(friday, 14) },
          { name: 'next term', from: nextTermStarts, to: addDays(nextTermStarts, 90) },
        ],
        closures: [],
      },
    ]),
  ),
};

const family = 'F-ENC-1';
const row = (memberId: string, givenName: string, dateOfBirth: string): CohortRow => ({
  familyId: family, familyReference: 'SF-ENC-1', leadPractitionerId: 'P-ENC-1', leadPractitionerName: 'Pat Encompass',
  leadPractitionerEmail: 'pat.encompass@council.example', memberId, givenName, familyName: 'Thistlewaite',
  dateOfBirth, addressLine1: '12 Orchard Mews', town: 'Avonford', postcode: 'BA1 3QT', consent: 'consent',
});
const parent = row('ENC-M-PARENT', 'Morwenna', '1987-03-11');
const pupil = row('ENC-M-PUPIL', 'Ysolde', '2016-05-14');
const homeEducated = row('ENC-M-HOME', 'Peregrine', '2012-09-02');
const noSchool = row('ENC-M-NOSCHOOL', 'Tamsin', '2019-01-20');

const schoolRecorded = (member: CohortRow, school: Extract<CohortEvent, { type: 'member.school-recorded' }>['school']): CohortEvent => ({
  type: 'member.school-recorded', eventId: stableId('cohort', member.memberId, JSON.stringify(school)), familyId: family,
  recordedAt: '2026-01-05T09:00:00Z', memberId: member.memberId, school, from: '2020-09-01',
});

const police = (eventId: string, force: string, occurredAt: Date, people: readonly CohortRow[]): PoliceIncident => ({
  type: 'police.incident', eventId, source: { organisation: force }, occurredAt: occurredAt.toISOString(), reportedAt: occurredAt.toISOString(),
  category: 'DOMESTIC_ABUSE', summary: `Synthetic account of incident ${eventId}`,
  people: people.map((person, index) => ({ role: index === 0 ? 'victim' : 'witness', givenName: person.givenName, familyName: person.familyName, dateOfBirth: person.dateOfBirth })),
  address: { line1: '12 Orchard Mews', town: 'Avonford', postcode: 'BA1 3QT' },
});

describe('Operation Encompass: the child’s school is told at once, with the force’s field set, before the next school day', () => {
  let runtime: Runtime;
  const dslMailbox = `dsl-${randomUUID()}@avonford-primary.sch.example`;
  const base = loadEncompassDirectory().register;
  const directory = encompassDirectory({ ...base, schools: base.schools.map((school) => (school.urn === '990101' ? { ...school, dslMailbox } : school)) }, calendars);
  const startedAt = new Date(Date.now() - 1000);

  async function decideAt(clock: Date, incidents: PoliceIncident[]): Promise<void> {
    await publishEvents(runtime, 'police', incidents, (event) => event.eventId);
    await catchUp(runtime, ['matcher', 'reviews', 'matches', 'sharing-decisions']);
    await runOffsetConsumer(consumerDepsOf(runtime), encompassHandler(runtime, { now: () => clock, directory }), { kind: 'catch-up' });
    await catchUp(runtime, ['encompass-notifications']);
  }

  const decided = async (agencyEventId: string) =>
    runtime.db('encompass_notifications').where({ agency_event_id: agencyEventId }).orderBy('member_id').select('member_id', 'status', 'recipient_kind', 'school_urn', 'content', 'field_set', 'deadline', 'decided_at', 'late_from_agency', 'reason_code', 'decision_id');

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    const cohort = [
      ...cohortEventsFromRows([parent, pupil, homeEducated, noSchool], '2026-01-05T09:00:00Z'),
      schoolRecorded(pupil, { urn: '990101' }),
      schoolRecorded(homeEducated, { homeEducated: true }),
    ];
    await publishEvents(runtime, 'cohort', cohort, (event) => event.familyId);
    await catchUp(runtime, ['cohort']);
    await recordWithholding(runtime, {
      agency: 'police', agencyEventId: 'AW-ENC-WITHHELD', memberId: pupil.memberId, paths: ['encompass'],
      reason: 'Telling the school now would alert the perpetrator, who collects the child (synthetic)',
      decidedBy: { name: 'Dana Safeguard', organisation: 'Avon and Wessex Police' }, decidedAt: new Date().toISOString(),
    });
    const fridayNight = at(friday, 22);
    await decideAt(new Date(fridayNight.getTime() + 5 * 60_000), [
      police('AW-ENC-FRIDAY', 'Avon and Wessex Police', fridayNight, [parent, pupil, homeEducated, noSchool]),
      police('LI-ENC-FRIDAY', 'Lincolnshire Police', fridayNight, [parent, pupil]),
      police('AW-ENC-WITHHELD', 'Avon and Wessex Police', fridayNight, [parent, pupil]),
      police('AW-ENC-LATE', 'Avon and Wessex Police', at(lateFriday, 22), [parent, pupil]),
    ]);
    await decideAt(at(holidayDay, 10, 5), [police('AW-ENC-HOLIDAY', 'Avon and Wessex Police', at(holidayDay, 10), [parent, pupil])]);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('tells the school at once of a Friday 22:00 incident in term, due 08:45 on Monday, with every field Avon and Wessex send', async () => {
    const [homeRow, noSchoolRow, pupilRow] = await decided('AW-ENC-FRIDAY');
    expect(pupilRow).toMatchObject({ member_id: pupil.memberId, status: 'notified', recipient_kind: 'school', school_urn: '990101', late_from_agency: false });
    expect(pupilRow.deadline.toISOString()).toBe(at(monday, 8, 45).toISOString());
    expect(pupilRow.decided_at.toISOString()).toBe(new Date(at(friday, 22).getTime() + 5 * 60_000).toISOString());
    expect(pupilRow.field_set).toEqual(['child', 'policeReference', 'when', 'where', 'involvement', 'circumstances']);
    expect(pupilRow.content).toEqual({
      child: { givenName: 'Ysolde', familyName: 'Thistlewaite', dateOfBirth: '2016-05-14' },
      policeReference: 'AW-ENC-FRIDAY',
      occurredAt: at(friday, 22).toISOString(),
      postcodeDistrict: 'BA1',
      involvement: 'witness',
      circumstances: 'Synthetic account of incident AW-ENC-FRIDAY',
    });
    // A home-educated child's council is told instead; a child with no school known is reported, never dropped; the adult is nobody's pupil.
    expect(homeRow).toMatchObject({ member_id: homeEducated.memberId, status: 'notified', recipient_kind: 'council-team', school_urn: null });
    expect(noSchoolRow).toMatchObject({ member_id: noSchool.memberId, status: 'undeliverable', reason_code: 'no-school-known', content: null });
  });

  it('sends a force that shares less exactly its own field set: Lincolnshire omits who was involved, where and what happened', async () => {
    const [pupilRow] = await decided('LI-ENC-FRIDAY');
    expect(pupilRow.field_set).toEqual(['child', 'policeReference', 'when']);
    expect(pupilRow.content).toEqual({
      child: { givenName: 'Ysolde', familyName: 'Thistlewaite', dateOfBirth: '2016-05-14' },
      policeReference: 'LI-ENC-FRIDAY',
      occurredAt: at(friday, 22).toISOString(),
    });
  });

  it('emails the school’s DSL mailbox once per notification, with no personal data, and the audit log records the disclosure', async () => {
    const mails = await readMailbox(runtime.config, { to: dslMailbox, since: startedAt });
    // Friday (two forces), the late one and the holiday one: four notifications to the school; the withheld one is not sent.
    expect(mails).toHaveLength(4);
    for (const mail of mails) {
      expect(mail.subject).toBe('New Operation Encompass notification: sign in to read it');
      expect(mail.text).toContain('Avonford Primary School');
      for (const secret of ['Ysolde', 'Thistlewaite', '2016', 'AW-ENC', 'LI-ENC', 'BA1', 'Synthetic account']) expect(mail.text).not.toContain(secret);
    }
    const entries = await entriesAbout(runtime.db, [pupil.memberId], []);
    expect(entries.filter((entry) => entry.kind === 'disclosure' && entry.recipient === 'school:990101')).toHaveLength(4);
  });

  it('a recorded decision to withhold stops the notification, and is audited as the reason', async () => {
    const [pupilRow] = await decided('AW-ENC-WITHHELD');
    expect(pupilRow).toMatchObject({ status: 'withheld', content: null, school_urn: '990101' });
    expect(pupilRow.decision_id).toEqual(expect.any(String));
    const entries = await entriesAbout(runtime.db, [pupil.memberId], []);
    expect(entries.filter((entry) => entry.kind === 'refused' && entry.detail.decisionId === pupilRow.decision_id)).toHaveLength(1);
    const outbox = await runtime.db('notifications').where({ kind: 'encompass' }).count<Array<{ n: string }>>({ n: '*' });
    expect(Number(outbox[0].n)).toBe(5); // four to the school and one to the council's team; none for the withheld one
  });

  it('gives an incident in the summer holiday the first day of the next term as its deadline', async () => {
    const [pupilRow] = await decided('AW-ENC-HOLIDAY');
    expect(pupilRow.deadline.toISOString()).toBe(at(nextTermStarts, 8, 45).toISOString());
  });

  it('marks a force’s event that reached us after the deadline as late from the agency', async () => {
    const [pupilRow] = await decided('AW-ENC-LATE');
    expect(pupilRow).toMatchObject({ status: 'notified', late_from_agency: true });
    expect(pupilRow.deadline.toISOString()).toBe(at(addDays(lateFriday, 3), 8, 45).toISOString());
  });

  it('reports per school and per force: sent, on time, late and why, withheld, undeliverable', async () => {
    const report = await encompassReport(runtime.db);
    const school = report.byRecipient.find((row) => row.recipient === '990101');
    expect(school).toEqual({ recipient: '990101', sent: 4, acknowledged: 0, onTime: 3, late: 1, lateFromAgency: 1, withheld: 1, undeliverable: 0 });
    expect(report.byRecipient.find((row) => row.recipient === 'council-team')).toMatchObject({ sent: 1, onTime: 1 });
    expect(report.byRecipient.find((row) => row.recipient === 'no-school')).toMatchObject({ sent: 0, undeliverable: 1 });
    expect(report.byForce).toEqual([
      { force: 'Avon and Wessex Police', sent: 4, acknowledged: 0, onTime: 3, late: 1, lateFromAgency: 1, withheld: 1, undeliverable: 1 },
      { force: 'Lincolnshire Police', sent: 1, acknowledged: 0, onTime: 1, late: 0, lateFromAgency: 0, withheld: 0, undeliverable: 0 },
    ]);
  });
});
