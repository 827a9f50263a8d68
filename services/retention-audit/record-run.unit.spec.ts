import { auditEntryInput } from '../audit';
import { retentionAuditDetail } from './record-run';
import { auditReport } from './report';
import { notSearched, type PlaceReport } from './tally';

const place = (overrides: Partial<PlaceReport>): PlaceReport => ({
  kind: 'database', place: 'table public.members', status: 'searched', records: 10, unit: 'rows', found: 0, partial: 0, attributes: {}, locations: [], ...overrides,
});

describe('the audit entry a retention audit leaves', () => {
  const report = auditReport(
    [
      place({ records: 40, found: 2, attributes: { givenName: 2, familyName: 2 }, locations: ['given_name'] }),
      place({ kind: 'kafka', place: 'topic police.incidents.v1', records: 7, partial: 1, attributes: { familyName: 1 }, locations: ['partition 0 offset 3'] }),
      notSearched('mail', 'mail sink', 'the sink is not running'),
    ],
    new Date('2026-12-05T01:00:00Z'),
    new Date('2026-12-05T01:00:09Z'),
  );

  it('says how many places were searched, not searched, found and partly matched, and how many records', () => {
    expect(retentionAuditDetail(report)).toEqual({
      command: 'retention audit', verdict: 'found', exitCode: 1, startedAt: '2026-12-05T01:00:00.000Z', finishedAt: '2026-12-05T01:00:09.000Z',
      placesSearched: 2, placesNotSearched: 1, placesFound: 1, placesPartial: 1, recordsRead: 47, recordsFound: 2,
    });
  });

  it('is a valid audit entry whose detail holds neither places nor positions, only counts and the verdict', () => {
    const detail = retentionAuditDetail(report);
    expect(auditEntryInput.safeParse({ kind: 'retention-audit', actor: 'operator:ig', detail }).success).toBe(true);
    expect(JSON.stringify(detail)).not.toMatch(/given_name|offset|police|mail sink/);
  });
});
