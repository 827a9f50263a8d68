import type { AgencyEvent } from '../contracts';
import { decideLinks, type CandidateFamily, type CandidateMember } from './deterministic-rules';
import { addressKey } from './normalise';

const mother: CandidateMember = {
  memberId: 'F1-M1', familyId: 'F1', givenName: 'Sarah', familyName: 'Davis',
  dateOfBirth: '1990-04-12', nhsNumber: '9434765919', pncId: null,
};
const twinA: CandidateMember = { memberId: 'F2-M2', familyId: 'F2', givenName: 'Amy', familyName: 'Khan', dateOfBirth: '2012-06-01', nhsNumber: null, pncId: null };
const twinB: CandidateMember = { ...twinA, memberId: 'F2-M3', givenName: 'Ava' };
const home: CandidateFamily = { familyId: 'F1', uprn: '100012345678', addressKey: addressKey('12 Mill Lane', 'BA2 3QQ') };

function event(overrides: Partial<AgencyEvent> = {}): AgencyEvent {
  return {
    type: 'police.incident', eventId: 'E1', source: { organisation: 'Test Police' },
    occurredAt: '2026-03-28T21:00:00+00:00', reportedAt: '2026-03-28T22:00:00+00:00',
    category: 'DOMESTIC_ABUSE', people: [], address: { line1: '1 Elsewhere Road', postcode: 'BA1 1AA' },
    ...overrides,
  } as AgencyEvent;
}

describe('deterministic linkage', () => {
  it('links a person by a valid matching NHS number and says so', () => {
    const links = decideLinks(
      event({ people: [{ role: 'victim', givenName: 'S', familyName: 'D', identifiers: { nhsNumber: '9434765919' } }] }),
      { members: [mother], families: [] },
    );
    expect(links).toEqual([
      expect.objectContaining({ familyId: 'F1', members: [expect.objectContaining({ memberId: 'F1-M1', reasons: ['same NHS number'] })] }),
    ]);
    expect(links[0].explanation).toContain('same NHS number');
  });

  it('links on exact name and date of birth regardless of case and punctuation', () => {
    const links = decideLinks(
      event({ people: [{ role: 'victim', givenName: 'SARAH', familyName: "davis", dateOfBirth: '1990-04-12' }] }),
      { members: [mother], families: [] },
    );
    expect(links.map((l) => l.familyId)).toEqual(['F1']);
    expect(links[0].members[0].reasons).toEqual(['name and date of birth agree']);
  });

  it('does not link when the name agrees but the date of birth does not (a parent and child of one name)', () => {
    const links = decideLinks(
      event({ people: [{ role: 'suspect', givenName: 'Sarah', familyName: 'Davis', dateOfBirth: '2015-04-12' }] }),
      { members: [mother], families: [] },
    );
    expect(links).toEqual([]);
  });

  it('vetoes a pair whose NHS numbers are both valid and different, even when name and birth agree', () => {
    const links = decideLinks(
      event({ people: [{ role: 'patient', givenName: 'Sarah', familyName: 'Davis', dateOfBirth: '1990-04-12', identifiers: { nhsNumber: '4010232137' } }] }),
      { members: [mother], families: [] },
    );
    expect(links).toEqual([]);
  });

  it('tells twins apart by given name', () => {
    const links = decideLinks(
      event({ people: [{ role: 'victim', givenName: 'Ava', familyName: 'Khan', dateOfBirth: '2012-06-01' }] }),
      { members: [twinA, twinB], families: [] },
    );
    expect(links[0].members.map((m) => m.memberId)).toEqual(['F2-M3']);
  });

  it('links an event naming nobody we hold to the household at the same UPRN', () => {
    const links = decideLinks(
      event({ address: { line1: 'Flat at 12 Mill Lane', postcode: 'BA2 3QQ', uprn: '100012345678' } }),
      { members: [], families: [home] },
    );
    expect(links).toEqual([expect.objectContaining({ familyId: 'F1', members: [], householdReason: "at the family's address (same UPRN)" })]);
  });

  it('links to the household by normalised street address and postcode when no UPRN is given', () => {
    const links = decideLinks(event({ address: { line1: '12, MILL LANE', postcode: 'ba23qq' } }), { members: [], families: [home] });
    expect(links[0].householdReason).toBe("at the family's address (same street address and postcode)");
  });

  it('links nothing for a stranger at another address', () => {
    const links = decideLinks(
      event({ people: [{ role: 'suspect', givenName: 'Jo', familyName: 'Bloggs', dateOfBirth: '1980-01-01' }] }),
      { members: [mother], families: [home] },
    );
    expect(links).toEqual([]);
  });
});
