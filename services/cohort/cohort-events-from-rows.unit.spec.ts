import { cohortEvent } from '../contracts';
import { cohortEventId, cohortEventsFromRows } from './cohort-events-from-rows';
import type { CohortRow } from './csv-format';

const recordedAt = '2026-03-28T09:00:00.000Z';

const family = {
  familyReference: 'SF-1',
  leadPractitionerId: 'P001',
  leadPractitionerName: 'Ann Cole',
  leadPractitionerEmail: 'ann.cole@council.example',
  addressLine1: '12 Mill Lane',
  town: 'Avonford',
  postcode: 'BA1 1AA',
  uprn: '100000000123',
} as const;

const rows: CohortRow[] = [
  { ...family, familyId: 'F1', memberId: 'F1-M1', givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1990-04-01', nhsNumber: '9990000018', pncId: '12/345678A', consent: 'consent' },
  { ...family, familyId: 'F2', memberId: 'F2-M1', givenName: 'Lee', familyName: 'Brown', addressLine1: '3 Weir Road', uprn: undefined, consent: 'none' },
  { ...family, familyId: 'F1', memberId: 'F1-M2', givenName: 'Kai', familyName: 'Smith', consent: 'consent' },
];

describe('cohortEventsFromRows', () => {
  const events = cohortEventsFromRows(rows, recordedAt);

  it('emits every event as a valid cohort event', () => {
    for (const event of events) expect(cohortEvent.parse(event)).toEqual(event);
  });

  it('enrols each family in order of first appearance: enrolled, practitioner, members, consent', () => {
    expect(events.map((event) => [event.familyId, event.type, 'memberId' in event ? event.memberId : undefined])).toEqual([
      ['F1', 'family.enrolled', undefined],
      ['F1', 'practitioner.assigned', undefined],
      ['F1', 'member.added', 'F1-M1'],
      ['F1', 'member.added', 'F1-M2'],
      ['F1', 'consent.recorded', undefined],
      ['F2', 'family.enrolled', undefined],
      ['F2', 'practitioner.assigned', undefined],
      ['F2', 'member.added', 'F2-M1'],
    ]);
  });

  it('carries the justification of a safeguarding basis onto the consent event', () => {
    const safeguarded = cohortEventsFromRows(
      [{ ...rows[1], consent: 'vital-interests', consentJustification: 'MASH decision: risk of significant harm' }],
      '2026-03-01T09:00:00Z',
    );
    expect(safeguarded.find((event) => event.type === 'consent.recorded')).toMatchObject({
      basis: 'vital-interests',
      justification: 'MASH decision: risk of significant harm',
    });
  });

  it('records no consent for a family whose consent column says none', () => {
    expect(events.filter((event) => event.familyId === 'F2' && event.type === 'consent.recorded')).toEqual([]);
  });

  it('copies the address, practitioner and lawful basis from the family, leaving out what was not given', () => {
    expect(events[0]).toEqual({
      type: 'family.enrolled',
      eventId: cohortEventId('F1', 'family.enrolled'),
      familyId: 'F1',
      recordedAt,
      reference: 'SF-1',
      address: { line1: '12 Mill Lane', town: 'Avonford', postcode: 'BA1 1AA', uprn: '100000000123' },
    });
    expect(events[1]).toMatchObject({ practitioner: { practitionerId: 'P001', name: 'Ann Cole', email: 'ann.cole@council.example' } });
    expect(events[4]).toMatchObject({ purpose: 'live-risk-sharing', basis: 'consent' });
    expect(events[4]).not.toHaveProperty('memberId');
    const f2Enrolled = events.find((event) => event.familyId === 'F2' && event.type === 'family.enrolled');
    expect(f2Enrolled).toMatchObject({ address: { line1: '3 Weir Road' } });
    expect(JSON.stringify(f2Enrolled)).not.toContain('uprn');
  });

  it("carries the practitioner's team when the export gives one", () => {
    const [, assigned] = cohortEventsFromRows([{ ...rows[0], leadPractitionerTeam: 'North Family Help' }], recordedAt);
    expect(assigned).toMatchObject({ type: 'practitioner.assigned', practitioner: { practitionerId: 'P001', team: 'North Family Help' } });
    expect(events[1]).toMatchObject({ practitioner: expect.not.objectContaining({ team: expect.anything() }) });
  });

    it('includes identifiers on a member only when the cohort has them', () => {
    const [first, second] = events.filter((event) => event.type === 'member.added');
    expect(first).toMatchObject({
      details: { givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1990-04-01', identifiers: { nhsNumber: '9990000018', pncId: '12/345678A' } },
    });
    expect(second).toMatchObject({ details: { givenName: 'Kai', familyName: 'Smith' } });
    expect(JSON.stringify(second)).not.toMatch(/identifiers|dateOfBirth/);
  });

  it('gives the same event ids when the same rows are imported again later', () => {
    const again = cohortEventsFromRows(rows, '2026-04-01T09:00:00.000Z');
    expect(again.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
    expect(events[0].eventId).toMatch(/^cohort-[0-9a-f]{24}$/);
  });

  it("records each member's school from the row (HOME: educated at home), valid from the day of the import, and nothing for a row without one", () => {
    const roll = cohortEventsFromRows([{ ...rows[0], schoolUrn: '990101' }, { ...rows[2], schoolUrn: 'HOME' }, rows[1]], '2026-03-28T23:30:00.000Z');
    const recorded = roll.filter((event) => event.type === 'member.school-recorded');
    expect(recorded).toEqual([
      expect.objectContaining({ memberId: 'F1-M1', school: { urn: '990101' }, from: '2026-03-28' }),
      expect.objectContaining({ memberId: 'F1-M2', school: { homeEducated: true }, from: '2026-03-28' }),
    ]);
    for (const event of recorded) expect(cohortEvent.parse(event)).toEqual(event);
  });
});
