import type { MatchLinked } from '../contracts';
import { buildDigest } from './build-digest';

function match(id: string, familyId: string, agency: MatchLinked['event']['agency'], category: string, reportedAt: string): MatchLinked {
  return {
    type: 'match.linked', matchId: id, familyId,
    source: { topic: 't', partition: 0, offset: '0' },
    event: { agency, organisation: 'Org', agencyEventId: id, category, occurredAt: reportedAt, reportedAt, postcodeDistrict: 'BA2' },
    members: [], explanation: 'why', matcher: 'deterministic-v1', matchedAt: reportedAt,
  };
}

const input = {
  practitioner: { practitionerId: 'P001', name: 'Pat Example' },
  date: '2026-03-29',
  window: { from: '2026-03-28T07:00:00+00:00', to: '2026-03-29T07:00:00+01:00' },
  familyReferences: new Map([['F1', 'SF-1'], ['F2', 'SF-2']]),
  generatedAt: '2026-03-29T06:00:00Z',
};

describe('building a digest', () => {
  it('puts the most urgent items first and keeps a family’s items together within a level', () => {
    const digest = buildDigest({
      ...input,
      matches: [
        match('a', 'F2', 'housing', 'RENT_ARREARS', '2026-03-28T10:00:00Z'),
        match('b', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-03-28T11:00:00Z'),
        match('c', 'F2', 'health', 'MENTAL_HEALTH_CRISIS', '2026-03-28T12:00:00Z'),
        match('d', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-03-28T20:00:00Z'),
      ],
    });
    expect(digest.items.map((i) => [i.matchId, i.riskLevel])).toEqual([
      ['d', 'high'], ['b', 'high'], ['c', 'high'], ['a', 'low'],
    ]);
    expect(digest.items[0]).toMatchObject({ familyReference: 'SF-1', categoryLabel: 'Domestic abuse incident', occurredAt: '2026-03-28T20:00:00+00:00' });
  });

  it('leaves out matches reported outside the window (the window end is exclusive)', () => {
    const digest = buildDigest({
      ...input,
      matches: [match('early', 'F1', 'police', 'ARREST', '2026-03-28T06:59:59Z'), match('end', 'F1', 'police', 'ARREST', '2026-03-29T06:00:00Z')],
    });
    expect(digest.items).toEqual([]);
  });

  it('gives the same id for the same practitioner and date, so a re-run never issues a second digest', () => {
    expect(buildDigest({ ...input, matches: [] }).digestId).toBe(buildDigest({ ...input, matches: [], generatedAt: 'later' }).digestId);
  });
});
