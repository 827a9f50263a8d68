import type { AgencyEvent, InvolvedPerson, NhsNumberVerificationStatus } from '../contracts';
import { buildCohortIndex, type PersonRecord } from '../linkage';
import { decideLinks, scorePerson, type CohortMember } from './link-decisions';
import { nhsEvidenceOf } from './nhs-verification';

const cohortPeople: Array<PersonRecord & { familyId: string }> = [
  { id: 'F1-M1', familyId: 'F1', givenName: 'Karen', familyName: 'Davis', dateOfBirth: '1987-06-12', address: '7 Larkspur Close', postcode: 'BA1 7DX', nhsNumber: '9434765919' },
  { id: 'F2-M1', familyId: 'F2', givenName: 'Thomas', familyName: 'Harper', dateOfBirth: '2006-11-02', address: '22 Tinners Row', postcode: 'BA4 2QS' },
];
const index = buildCohortIndex(cohortPeople);
const members = new Map<string, CohortMember>(cohortPeople.map((p) => [p.id, { memberId: p.id, familyId: p.familyId, givenName: p.givenName ?? '' }]));

const sameNumber = '9434765919';
const otherNumber = '4857773457';

function contact(person: Omit<InvolvedPerson, 'role'>): AgencyEvent {
  return {
    type: 'health.contact', eventId: 'H1', source: { organisation: 'Test Trust' },
    occurredAt: '2026-10-25T01:20:00+01:00', reportedAt: '2026-10-25T06:00:00Z',
    category: 'SELF_HARM', people: [{ role: 'patient', ...person }], address: { line1: 'Emergency Department', postcode: 'BA1 3NG' },
  };
}

const patient = (givenName: string, familyName: string, nhsNumber: string, status?: NhsNumberVerificationStatus, dateOfBirth?: string) =>
  contact({ givenName, familyName, ...(dateOfBirth ? { dateOfBirth } : {}), identifiers: { nhsNumber, ...(status ? { nhsNumberVerificationStatus: status } : {}) } });

function decide(event: AgencyEvent) {
  const scored = event.people.map((person, i) => ({ person, pairs: scorePerson(index, event, person, i) }));
  return decideLinks(event, scored, (id) => members.get(id), []);
}
const nhsLevel = (contributions: ReadonlyArray<{ comparison: string; level: string; weight: number }>) => contributions.find((c) => c.comparison === 'NHS number');
const sums = (contributions: ReadonlyArray<{ weight: number }>) => contributions.reduce((sum, c) => sum + Math.round(c.weight * 1e4), 0) / 1e4;

describe('the NHS number verification status in matching', () => {
  it('reads only 01 as verified, and no status as not stated', () => {
    expect(nhsEvidenceOf('01')).toBe('verified');
    expect((['02', '03', '04', '05', '06', '07', '08'] as const).map(nhsEvidenceOf)).toEqual(Array(7).fill('unverified'));
    expect(nhsEvidenceOf(undefined)).toBe('not stated');
  });

  it('links on a verified NHS number alone, and the evidence says it was verified', () => {
    const { links, reviews } = decide(patient('K', 'Davies', sameNumber, '01'));
    expect(reviews).toEqual([]);
    const [member] = links[0].members;
    expect(member.memberId).toBe('F1-M1');
    expect(nhsLevel(member.contributions)).toEqual({ comparison: 'NHS number', level: 'same, verified', weight: expect.any(Number) });
    expect(nhsLevel(member.contributions)!.weight).toBeGreaterThan(20);
    expect(member.reasons[0]).toMatch(/^same verified NHS number/);
    expect(sums(member.contributions)).toBe(member.score);
  });

  it('sends the same person with an unverified NHS number to review instead, weighing the number at nothing', () => {
    const { links, reviews } = decide(patient('K', 'Davies', sameNumber, '02'));
    expect(links).toEqual([]);
    expect(reviews.map((r) => r.member.memberId)).toEqual(['F1-M1']);
    const { pair } = reviews[0];
    expect(nhsLevel(pair.contributions)).toEqual({ comparison: 'NHS number', level: 'same, unverified', weight: 0 });
    expect(pair.explanation).toMatch(/^same unverified NHS number/);
    expect(sums(pair.contributions)).toBe(pair.score);
  });

  it('still links on an unverified NHS number when name and date of birth link on their own', () => {
    const { links } = decide(patient('Karen', 'Davis', sameNumber, '03', '1987-06-12'));
    expect(links.map((l) => l.familyId)).toEqual(['F1']);
    expect(nhsLevel(links[0].members[0].contributions)?.level).toBe('same, unverified');
  });

  it('lets a different verified NHS number veto a matching name and date of birth, but a different unverified one only asks a person', () => {
    expect(decide(patient('Karen', 'Davis', otherNumber, '01', '1987-06-12'))).toEqual({ links: [], reviews: [] });
    const unverified = decide(patient('Karen', 'Davis', otherNumber, '04', '1987-06-12'));
    expect(unverified.links).toEqual([]);
    expect(unverified.reviews.map((r) => [r.member.memberId, nhsLevel(r.pair.contributions)?.level])).toEqual([['F1-M1', 'different, unverified']]);
  });

  it('leaves an NHS number with no status as decisive as before, with the level it always had', () => {
    const { links } = decide(contact({ givenName: 'K', familyName: 'Davies', identifiers: { nhsNumber: sameNumber } }));
    expect(nhsLevel(links[0].members[0].contributions)?.level).toBe('same');
    expect(links[0].members[0].reasons[0]).toMatch(/^same NHS number/);
  });

  it('does not change a pair where the cohort person has no NHS number', () => {
    const verified = decide(patient('Thomas', 'Harper', otherNumber, '01', '2006-11-02'));
    const unverified = decide(patient('Thomas', 'Harper', otherNumber, '02', '2006-11-02'));
    expect(unverified.links.map((l) => [l.familyId, l.members[0].score])).toEqual(verified.links.map((l) => [l.familyId, l.members[0].score]));
    expect(nhsLevel(unverified.links[0].members[0].contributions)?.level).toBe('missing');
  });
});
