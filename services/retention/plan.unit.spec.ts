import { loadRetentionSchedule } from './schedule';
import { ageAt, birthday, closedCaseVerdict, retentionCutOffs, type ClosedCase } from './plan';

const at = (iso: string) => new Date(iso);
const family = (closedAt: string, datesOfBirth: Array<string | null>): ClosedCase => ({ familyId: 'F1', closedAt: at(closedAt), datesOfBirth });

describe('planning a retention run', () => {
  it('puts each class’s cut-off its period before now, in calendar days, months and years', () => {
    const cutOffs = retentionCutOffs(loadRetentionSchedule(undefined, { rematchDays: 30 }), at('2027-03-31T06:30:00Z'));
    expect(cutOffs.unlinkedAgencyEvents).toEqual(at('2027-02-14T06:30:00Z'));
    expect(cutOffs.portalSessions).toEqual(at('2027-03-01T06:30:00Z'));
    expect(cutOffs.deadLetterCounts).toEqual(at('2025-03-31T06:30:00Z'));
    expect(cutOffs.auditEntries).toEqual(at('2020-03-31T06:30:00Z'));
  });

  it('a closed case is due six years after closure, not a moment before', () => {
    const rule = { afterClosure: { years: 6 } };
    expect(closedCaseVerdict(rule, family('2020-05-01T10:00:00Z', []), at('2026-05-01T09:59:59Z'))).toEqual({ kind: 'kept', until: at('2026-05-01T10:00:00Z') });
    expect(closedCaseVerdict(rule, family('2020-05-01T10:00:00Z', []), at('2026-05-01T10:00:00Z'))).toEqual({ kind: 'due', since: at('2026-05-01T10:00:00Z') });
  });

  it('until the youngest child is 25 counts from the youngest member under 18 when the case closed', () => {
    const rule = { untilYoungestChildIs: 25 };
    const closed = family('2024-01-10T00:00:00Z', ['1980-02-02', '2010-06-15', '2015-09-30']);
    expect(closedCaseVerdict(rule, closed, at('2040-09-29T23:59:59Z'))).toEqual({ kind: 'kept', until: at('2040-09-30T00:00:00Z') });
    expect(closedCaseVerdict(rule, closed, at('2040-09-30T00:00:00Z')).kind).toBe('due');
  });

  it('with both rules, whichever is later; a family without children is held by the closure rule alone', () => {
    const rule = { afterClosure: { years: 6 }, untilYoungestChildIs: 21 };
    expect(closedCaseVerdict(rule, family('2024-01-10T00:00:00Z', ['2015-09-30']), at('2031-01-01T00:00:00Z'))).toEqual({ kind: 'kept', until: at('2036-09-30T00:00:00Z') });
    expect(closedCaseVerdict(rule, family('2024-01-10T00:00:00Z', ['2004-01-01']), at('2031-01-01T00:00:00Z'))).toEqual({ kind: 'due', since: at('2030-01-10T00:00:00Z') });
    expect(closedCaseVerdict({ untilYoungestChildIs: 25 }, family('2024-01-10T00:00:00Z', ['1980-02-02']), at('2090-01-01T00:00:00Z'))).toEqual({ kind: 'undetermined', why: 'no-child' });
  });

  it('keeps a case when a member’s date of birth is unknown and the youngest child’s age decides', () => {
    const closed = family('2000-01-10T00:00:00Z', ['1995-02-02', null]);
    expect(closedCaseVerdict({ untilYoungestChildIs: 25 }, closed, at('2090-01-01T00:00:00Z'))).toEqual({ kind: 'undetermined', why: 'date-of-birth-unknown' });
    expect(closedCaseVerdict({ afterClosure: { years: 6 } }, closed, at('2090-01-01T00:00:00Z')).kind).toBe('due');
  });

  it('a child born on 29 February comes of age on 1 March in other years, never a day early', () => {
    expect(birthday('2008-02-29', 18)).toEqual(at('2026-03-01T00:00:00Z'));
    expect(birthday('2008-02-29', 16)).toEqual(at('2024-02-29T00:00:00Z'));
    expect(ageAt('2008-02-29', at('2026-02-28T23:59:59Z'))).toBe(17);
    expect(ageAt('2008-02-29', at('2026-03-01T00:00:00Z'))).toBe(18);
  });
});
