import type { AgencyEvent } from '../contracts';
import { buildCohortIndex, type PersonRecord } from '../linkage';
import { decideLinks, scorePerson, type CohortMember, type HouseholdCandidate } from './link-decisions';
import { addressKey } from './normalise';

const cohortPeople: Array<PersonRecord & { familyId: string }> = [
  { id: 'F1-M1', familyId: 'F1', givenName: 'Karen', familyName: 'Davis', dateOfBirth: '1987-06-12', address: '7 Larkspur Close', postcode: 'BA1 7DX', uprn: '99000000001', nhsNumber: '9434765919' },
  { id: 'F1-M2', familyId: 'F1', givenName: 'Lee', familyName: 'Davis', dateOfBirth: '1984-02-03', address: '7 Larkspur Close', postcode: 'BA1 7DX', uprn: '99000000001' },
  { id: 'F2-M1', familyId: 'F2', givenName: 'Thomas', familyName: 'Harper', dateOfBirth: '2006-11-02', address: '22 Tinners Row', postcode: 'BA4 2QS' },
];
const index = buildCohortIndex(cohortPeople);
const members = new Map<string, CohortMember>(cohortPeople.map((p) => [p.id, { memberId: p.id, familyId: p.familyId, givenName: p.givenName ?? '' }]));
const households: HouseholdCandidate[] = [{ familyId: 'F1', uprn: '99000000001', addressKey: addressKey('7 Larkspur Close', 'BA1 7DX') }];

function event(people: AgencyEvent['people'], address: AgencyEvent['address'] = { line1: 'Railway Station', postcode: 'BA4 1SA' }): AgencyEvent {
  return {
    type: 'police.incident', eventId: 'E1', source: { organisation: 'Test Police' },
    occurredAt: '2026-03-28T21:00:00+00:00', reportedAt: '2026-03-28T22:00:00+00:00',
    category: 'DOMESTIC_ABUSE', people, address,
  } as AgencyEvent;
}

function decide(e: AgencyEvent, householdsAtAddress: HouseholdCandidate[] = []) {
  const scored = e.people.map((person, i) => ({ person, pairs: scorePerson(index, e, person, i) }));
  return decideLinks(e, scored, (id) => members.get(id), householdsAtAddress);
}

describe('deciding links from scored people', () => {
  it('links a person whose name and date of birth agree away from home, with weights that add up to the score', () => {
    const { links, reviews } = decide(event([{ role: 'subject', givenName: 'Thomas', familyName: 'Harper', dateOfBirth: '2006-11-02' }]));
    expect(reviews).toEqual([]);
    expect(links).toHaveLength(1);
    const [member] = links[0].members;
    expect(links[0].familyId).toBe('F2');
    expect(member.memberId).toBe('F2-M1');
    const total = member.contributions.reduce((sum, c) => sum + Math.round(c.weight * 1e4), 0) / 1e4;
    expect(total).toBe(member.score);
    expect(links[0].explanation).toMatch(/^subject Thomas: .*name.*date of birth/);
  });

  it('links on the same NHS number and says so in plain words', () => {
    const { links } = decide(event([{ role: 'victim', givenName: 'K', familyName: 'Davies', identifiers: { nhsNumber: '9434765919' } }]));
    expect(links.map((l) => l.familyId)).toEqual(['F1']);
    expect(links[0].members[0].reasons[0]).toMatch(/same NHS number/);
  });

  it('sends a likely but uncertain person (nickname, birth year off by one) to review rather than linking', () => {
    const { links, reviews } = decide(event([{ role: 'subject', givenName: 'Tom', familyName: 'Harper', dateOfBirth: '2007-11-02' }]));
    expect(links).toEqual([]);
    expect(reviews.map((r) => r.member.memberId)).toEqual(['F2-M1']);
  });

  it('neither links nor asks about a name alone', () => {
    expect(decide(event([{ role: 'subject', givenName: 'Thomas', familyName: 'Harper' }]))).toEqual({ links: [], reviews: [] });
  });

  it('does not count an incident away from home against the person', () => {
    const away = decide(event([{ role: 'subject', givenName: 'Thomas', familyName: 'Harper', dateOfBirth: '2006-11-02' }]));
    expect(away.links[0].members[0].contributions.filter((c) => c.comparison === 'address' || c.comparison === 'postcode').map((c) => c.weight)).toEqual([0, 0]);
  });

  it("does not take a neighbour's door for identity: same given name and street, other family name and birthday", () => {
    const cohort = buildCohortIndex([{ id: 'F3-M1', givenName: 'Amy', familyName: 'Morris', dateOfBirth: '1956-09-24', address: '31 Meadow Street', postcode: 'BA6 6AA' }]);
    const neighbour = event([{ role: 'victim', givenName: 'Amy', familyName: 'Harrison', dateOfBirth: '1956-09-29' }], { line1: '109 Meadow Street', postcode: 'BA6 6AA' });
    expect(scorePerson(cohort, neighbour, neighbour.people[0], 0)).toEqual([]);
  });

  it('links the household when the event is at the family address, even with nobody named', () => {
    const at = event([], { line1: '7 Larkspur Close', postcode: 'BA1 7DX', uprn: '99000000001' });
    const { links } = decide(at, households);
    expect(links).toEqual([expect.objectContaining({ familyId: 'F1', members: [], householdReason: "at the family's address (same UPRN)" })]);
  });

  it('asks no review for a family the event already links', () => {
    const at = event([{ role: 'witness', givenName: 'L', familyName: 'Davis' }], { line1: '7 Larkspur Close', postcode: 'BA1 7DX', uprn: '99000000001' });
    const { links, reviews } = decide(at, households);
    expect(links.map((l) => l.familyId)).toEqual(['F1']);
    expect(reviews).toEqual([]);
  });
});
