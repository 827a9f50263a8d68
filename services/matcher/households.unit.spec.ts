import type { AgencyEvent } from '../contracts';
import { householdsOnDay, type FamilyAddress } from './households';
import { addressKey } from './normalise';

const oldHome = addressKey('7 Lark Rise', 'BA2 4XY');
const newHome = addressKey('3 Heron Close', 'BA2 5AB');
// F1 lived at 7 Lark Rise until they moved to 3 Heron Close on 1 April; F2 moved into 7 Lark Rise on 3 April.
const addresses: FamilyAddress[] = [
  { familyId: 'F1', validFrom: null, uprn: '100000000777', addressKey: oldHome },
  { familyId: 'F1', validFrom: '2026-04-01', uprn: null, addressKey: newHome },
  { familyId: 'F2', validFrom: null, uprn: null, addressKey: addressKey('1 Elsewhere', 'BA9 9ZZ') },
  { familyId: 'F2', validFrom: '2026-04-03', uprn: '100000000777', addressKey: oldHome },
];

function incidentAt(line1: string, postcode: string, occurredAt: string, uprn?: string): AgencyEvent {
  return {
    type: 'police.incident', eventId: 'E1', source: { organisation: 'Test Police' }, occurredAt, reportedAt: occurredAt,
    category: 'ANTI_SOCIAL_BEHAVIOUR', people: [], address: { line1, postcode, ...(uprn ? { uprn } : {}) },
  } as AgencyEvent;
}
const familiesAt = (event: AgencyEvent) => householdsOnDay(addresses, event).map((household) => household.familyId);

describe('households by the address they had on the day', () => {
  it('links the family that lived there on the day, not the one that lives there now', () => {
    expect(familiesAt(incidentAt('7 Lark Rise', 'BA2 4XY', '2026-03-20T20:00:00+00:00'))).toEqual(['F1']);
    expect(familiesAt(incidentAt('7 Lark Rise', 'BA2 4XY', '2026-04-05T20:00:00+01:00'))).toEqual(['F2']);
  });

  it('links nobody at an address between one family leaving and the next arriving', () => {
    expect(familiesAt(incidentAt('7 Lark Rise', 'BA2 4XY', '2026-04-02T12:00:00+01:00'))).toEqual([]);
  });

  it('counts the day in Europe/London: 23:30 UTC on 31 March is already 1 April, the day of the move', () => {
    expect(familiesAt(incidentAt('3 Heron Close', 'BA2 5AB', '2026-03-31T23:30:00+00:00'))).toEqual(['F1']);
    expect(familiesAt(incidentAt('3 Heron Close', 'BA2 5AB', '2026-03-31T22:30:00+00:00'))).toEqual([]);
  });

  it('matches by UPRN when the street address is written differently', () => {
    expect(familiesAt(incidentAt('Flat at 7 Lark Rise', 'BA2 4XY', '2026-03-20T20:00:00+00:00', '100000000777'))).toEqual(['F1']);
  });
});
