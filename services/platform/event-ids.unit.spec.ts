import type { PoliceIncident } from '../contracts';
import { eventContentSha256, judgeEventId, type FirstAccepted } from './event-ids';

const incident: PoliceIncident = {
  type: 'police.incident',
  eventId: 'ASP-1',
  source: { organisation: 'Avon and Wessex Police' },
  occurredAt: '2026-03-28T21:00:00+00:00',
  reportedAt: '2026-03-28T22:00:00+00:00',
  category: 'DOMESTIC_ABUSE',
  people: [{ role: 'victim', givenName: 'Rhiannon', familyName: 'Quillfeather' }],
  address: { line1: '7 Lark Rise', postcode: 'BA2 4XY' },
};
const hash = eventContentSha256(incident);
const first = (contentSha256: string | null): FirstAccepted => ({ topic: 'police.incidents.v1', partition: 2, offset: '41', contentSha256 });

describe('the content hash of an agency event', () => {
  it('is a SHA-256 that ignores key order, so a retry serialised differently is still the same content', () => {
    const reordered = Object.fromEntries(Object.entries(incident).reverse()) as PoliceIncident;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(eventContentSha256(reordered)).toBe(hash);
  });

  it('changes when any field changes', () => {
    expect(eventContentSha256({ ...incident, category: 'MISSING_PERSON' })).not.toBe(hash);
    expect(eventContentSha256({ ...incident, summary: 'corrected' })).not.toBe(hash);
  });
});

describe('a message whose eventId was accepted before', () => {
  it('is new when the eventId was never accepted', () => {
    expect(judgeEventId('ASP-1', hash, undefined)).toEqual({ kind: 'new' });
  });

  it('is a duplicate (a retry) when its content is identical', () => {
    expect(judgeEventId('ASP-1', hash, first(hash))).toEqual({ kind: 'duplicate', first: first(hash) });
  });

  it('is a duplicate when the first was recorded before content hashes were kept', () => {
    expect(judgeEventId('ASP-1', hash, first(null))).toEqual({ kind: 'duplicate', first: first(null) });
  });

  it('is refused as EVENT_ID_REUSED when its content differs, the reason saying where the first is and what a correction must do', () => {
    const verdict = judgeEventId('ASP-1', hash, first('0'.repeat(64)));
    expect(verdict).toMatchObject({ kind: 'reused', reasonCode: 'EVENT_ID_REUSED' });
    const reason = verdict.kind === 'reused' ? verdict.reason : '';
    expect(reason).toContain('eventId ASP-1 was already accepted with different content (police.incidents.v1 partition 2 offset 41)');
    expect(reason).toContain('a correction must be published as a new event with a new eventId');
  });
});
