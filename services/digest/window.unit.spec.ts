import { describeDue, digestWindow, localInstant, nextDate, previousDate, toLocalIso, windowHours } from './window';

describe('digest windows in Europe/London', () => {
  it('a first digest on an ordinary winter day covers the 24 hours to 07:00 GMT', () => {
    expect(digestWindow('2026-11-20', null)).toEqual({ from: '2026-11-19T07:00:00+00:00', to: '2026-11-20T07:00:00+00:00' });
  });

  it.each([
    ['2026-03-29', 23],
    ['2027-03-28', 23],
    ['2026-10-25', 25],
    ['2027-10-31', 25],
    ['2026-07-01', 24],
  ])('the window ending at 07:00 on %s is %d hours long', (date, hours) => {
    expect(windowHours(digestWindow(date, null))).toBe(hours);
  });

  it('a digest after a missed day starts where the previous digest ended, so nothing is skipped', () => {
    const window = digestWindow('2026-11-20', '2026-11-18T07:00:00.000Z');
    expect(window.from).toBe('2026-11-18T07:00:00+00:00');
    expect(windowHours(window)).toBe(48);
  });

  it('prints times with the local offset spelled out', () => {
    expect(toLocalIso('2026-06-01T06:00:00Z')).toBe('2026-06-01T07:00:00+01:00');
  });

  it('steps calendar days across both clock changes', () => {
    expect(nextDate('2026-03-28')).toBe('2026-03-29');
    expect(nextDate('2026-03-29')).toBe('2026-03-30');
    expect(previousDate('2026-10-26')).toBe('2026-10-25');
  });
});

describe('local ISO times', () => {
  it('keeps milliseconds when there are any, so a cut-off is exact', () => {
    expect(toLocalIso('2026-11-21T20:21:25.380Z')).toBe('2026-11-21T20:21:25.380+00:00');
    expect(toLocalIso('2026-06-21T20:21:25Z')).toBe('2026-06-21T21:21:25+01:00');
  });
});

describe('due times in words', () => {
  it('says when a digest is due in London time, in summer and winter alike', () => {
    expect(describeDue(localInstant('2026-12-05'))).toBe('07:00 on Saturday 5 December 2026 (Europe/London)');
    expect(describeDue(localInstant('2026-06-01', { hours: 6, minutes: 30 }))).toBe('06:30 on Monday 1 June 2026 (Europe/London)');
  });
});
