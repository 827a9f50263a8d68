import { cohortChanges, type CurrentCohort } from './cohort-changes';
import { cohortAddress, memberDetailsOf, practitionerOf } from './cohort-events-from-rows';
import type { CohortRow } from './csv-format';

const row: CohortRow = {
  familyId: 'F1', familyReference: 'SF-1', leadPractitionerId: 'P1', leadPractitionerName: 'Ann Cole', leadPractitionerEmail: 'ann@council.example',
  memberId: 'F1-M1', givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1990-04-01', nhsNumber: '9990000018',
  addressLine1: '12 Mill Lane', town: 'Avonford', postcode: 'BA1 1AA', uprn: '100000000123', consent: 'consent',
};
const asProjected = (rows: CohortRow[]): CurrentCohort => ({
  members: new Map(rows.map((r) => [r.memberId, { familyId: r.familyId, details: memberDetailsOf(r) }])),
  addresses: new Map(rows.map((r) => [r.familyId, cohortAddress(r)])),
  practitioners: new Map(rows.map((r) => [r.familyId, practitionerOf(r)])),
});
const importedAt = '2026-04-02T08:30:00Z';

describe('what a re-imported cohort changes', () => {
  it('publishes nothing for rows the cohort already holds as they are', () => {
    expect(cohortChanges([row], asProjected([row]), importedAt)).toEqual([]);
  });

  it('turns a corrected date of birth into member.updated, and the same file imported twice into the same event', () => {
    const corrected = { ...row, dateOfBirth: '1990-01-04' };
    const [first] = cohortChanges([corrected], asProjected([row]), importedAt);
    expect(first).toEqual(expect.objectContaining({ type: 'member.updated', memberId: 'F1-M1', details: expect.objectContaining({ dateOfBirth: '1990-01-04' }) }));
    expect(cohortChanges([corrected], asProjected([row]), '2026-04-03T08:30:00Z')[0].eventId).toBe(first.eventId);
  });

  it('turns a new address into family.moved on the day of the import, in Europe/London', () => {
    const moved = { ...row, addressLine1: '3 Heron Close', postcode: 'BA2 5AB', uprn: undefined };
    expect(cohortChanges([moved], asProjected([row]), '2026-03-31T23:30:00Z')).toEqual([
      expect.objectContaining({ type: 'family.moved', familyId: 'F1', movedOn: '2026-04-01', address: { line1: '3 Heron Close', town: 'Avonford', postcode: 'BA2 5AB' } }),
    ]);
  });

  it("turns a lead practitioner's move to another team into practitioner.assigned, so the new team's manager oversees the family", () => {
    const inTeam = { ...row, leadPractitionerTeam: 'North' };
    const movedTeam = { ...row, leadPractitionerTeam: 'South' };
    expect(cohortChanges([inTeam], asProjected([inTeam]), importedAt)).toEqual([]);
    const [change] = cohortChanges([movedTeam], asProjected([inTeam]), importedAt);
    expect(change).toEqual(expect.objectContaining({ type: 'practitioner.assigned', familyId: 'F1', practitioner: { practitionerId: 'P1', name: 'Ann Cole', email: 'ann@council.example', team: 'South' } }));
    expect(cohortChanges([movedTeam], asProjected([inTeam]), '2026-04-03T08:30:00Z')[0].eventId).toBe(change.eventId);
    // An export without teams says the practitioner has none now: the old team must not linger.
    expect(cohortChanges([row], asProjected([inTeam]), importedAt)).toEqual([expect.objectContaining({ type: 'practitioner.assigned', practitioner: expect.not.objectContaining({ team: expect.anything() }) })]);
  });

  it('turns a family handed to another lead practitioner into practitioner.assigned', () => {
    const handedOver = { ...row, leadPractitionerId: 'P2', leadPractitionerName: 'Bo Ray', leadPractitionerEmail: 'bo@council.example' };
    expect(cohortChanges([handedOver], asProjected([row]), importedAt)).toEqual([expect.objectContaining({ type: 'practitioner.assigned', practitioner: expect.objectContaining({ practitionerId: 'P2' }) })]);
  });

  it('leaves new members and families to their own added and enrolled events', () => {
    expect(cohortChanges([{ ...row, memberId: 'F1-M2' }, { ...row, familyId: 'F2', memberId: 'F2-M1' }], asProjected([row]), importedAt)).toEqual([]);
  });

  it('turns a change of school on the roll into member.school-recorded from the day of the import, and a row naming no school into nothing', () => {
    const atSchool = { ...row, schoolUrn: '990101' };
    const onRoll = { ...asProjected([atSchool]), schools: new Map([['F1-M1', { urn: '990101' }]]) };
    expect(cohortChanges([atSchool], onRoll, importedAt)).toEqual([]);
    expect(cohortChanges([row], onRoll, importedAt)).toEqual([]);
    const [home] = cohortChanges([{ ...row, schoolUrn: 'HOME' }], onRoll, importedAt);
    expect(home).toEqual(expect.objectContaining({ type: 'member.school-recorded', memberId: 'F1-M1', school: { homeEducated: true }, from: '2026-04-02' }));
    // Back to the first school a month later: a new event, not the first one's id.
    const [back] = cohortChanges([atSchool], { ...onRoll, schools: new Map([['F1-M1', { homeEducated: true as const }]]) }, '2026-05-02T08:30:00Z');
    expect(back).toEqual(expect.objectContaining({ type: 'member.school-recorded', school: { urn: '990101' }, from: '2026-05-02' }));
    expect(back.eventId).not.toBe(home.eventId);
  });
});
