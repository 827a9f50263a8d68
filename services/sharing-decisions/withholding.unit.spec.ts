import type { SharingPath } from '../contracts';
import { decideReview, decideWithholding, type WithholdRequest } from './decide';
import { statusOf, withholdingAmong, type DecisionRecord, type DisclosedItem } from './withholding';

const request = (overrides: Partial<WithholdRequest> = {}): WithholdRequest => ({
  agency: 'police',
  agencyEventId: 'INC-1',
  reason: 'Telling the school now would alert the father, who collects her.',
  decidedBy: { name: 'DI Patel', organisation: 'Avon and Somerset Police' },
  decidedAt: '2026-12-04T22:10:00Z',
  ...overrides,
});
const decided = (overrides: Partial<WithholdRequest> = {}): DecisionRecord => ({ decision: decideWithholding(request(overrides)), reviews: [] });
const reviewed = (record: DecisionRecord, outcome: 'upheld' | 'lifted', reviewedAt: string): DecisionRecord => ({
  ...record,
  reviews: [...record.reviews, decideReview(record, { outcome, reason: 'reviewed at the strategy meeting', reviewedBy: { name: 'Sam Okoro' }, reviewedAt })],
});
const item = (overrides: Partial<DisclosedItem> = {}): DisclosedItem => ({ agency: 'police', agencyEventId: 'INC-1', ...overrides });
const stops = (records: DecisionRecord[], disclosed: DisclosedItem, path: SharingPath = 'digest') => withholdingAmong(records, disclosed, path)?.decisionId;

describe('a decision to withhold an item as more detrimental to the child', () => {
  it('is recorded on the statutory basis, for every path unless some are named, with the same id however often it is made', () => {
    const decision = decideWithholding(request());
    expect(decision).toMatchObject({ type: 'sharing.withheld', basis: 'more-detrimental-to-child', paths: ['digest', 'encompass', 'urgent'] });
    expect(decideWithholding(request()).decisionId).toBe(decision.decisionId);
    expect(decideWithholding(request({ paths: ['urgent', 'encompass'] })).paths).toEqual(['encompass', 'urgent']);
  });

  it('refuses a reason with an escape sequence, or none, as input that says what to fix', () => {
    expect(() => decideWithholding(request({ reason: 'bad\u001b[2J' }))).toThrow(/reason: .*control character/);
    expect(() => decideWithholding(request({ reason: '' }))).toThrow(/cannot be recorded/);
  });

  it('stops the same agency event on the paths it names, and no other event or path', () => {
    const records = [decided({ paths: ['encompass'] })];
    expect(stops(records, item(), 'encompass')).toBe(records[0].decision.decisionId);
    expect(stops(records, item(), 'digest')).toBeUndefined();
    expect(stops(records, item({ agencyEventId: 'INC-2' }), 'encompass')).toBeUndefined();
    expect(stops(records, item({ agency: 'housing' }), 'encompass')).toBeUndefined();
  });

  it('scoped to one child, stops disclosures about that child and those that cannot say whom they are about, not a sibling', () => {
    const records = [decided({ familyId: 'F-1', memberId: 'M-2' })];
    expect(stops(records, item({ memberId: 'M-2' }), 'encompass')).toBeDefined();
    expect(stops(records, item({ familyId: 'F-1' }))).toBeDefined();
    expect(stops(records, item())).toBeDefined();
    expect(stops(records, item({ memberId: 'M-3' }), 'encompass')).toBeUndefined();
    expect(stops(records, item({ familyId: 'F-9' }))).toBeUndefined();
  });

  it('withholds until a review lifts it; upholding keeps it in force; the latest review decides', () => {
    const decision = decided();
    const upheld = reviewed(decision, 'upheld', '2026-12-05T09:00:00Z');
    expect(withholdingAmong([upheld], item(), 'digest')?.status).toBe('upheld');
    const lifted = reviewed(upheld, 'lifted', '2026-12-06T09:00:00Z');
    expect(statusOf(lifted.reviews)).toBe('lifted');
    expect(stops([lifted], item())).toBeUndefined();
  });

  it('once lifted is closed: a further review is refused, and withholding again is a new decision', () => {
    const lifted = reviewed(decided(), 'lifted', '2026-12-05T09:00:00Z');
    expect(() => reviewed(lifted, 'upheld', '2026-12-06T09:00:00Z')).toThrow(/already lifted/);
    const again = decided({ decidedAt: '2026-12-07T10:00:00Z' });
    expect(stops([lifted, again], item())).toBe(again.decision.decisionId);
  });

  it('a review carries the decision’s key, so it is read after the decision it reviews', () => {
    const record = decided();
    const [review] = reviewed(record, 'upheld', '2026-12-05T09:00:00Z').reviews;
    expect(review).toMatchObject({ decisionId: record.decision.decisionId, agency: 'police', agencyEventId: 'INC-1' });
  });
});
