import { digestWindow, windowHours } from '../digest/window';
import { dueDates, latestDueDate, londonDateOf, nextIssueAt } from './schedule';

const seven = { hours: 7, minutes: 0 };
const utc = (iso: string) => new Date(iso);

describe('the digest schedule in Europe/London', () => {
  it.each([
    // [clock-change day, the instant 07:00 local is, window hours of that day's digest]
    ['2026-03-29', '2026-03-29T06:00:00.000Z', 23],
    ['2026-10-25', '2026-10-25T07:00:00.000Z', 25],
    ['2027-03-28', '2027-03-28T06:00:00.000Z', 23],
    ['2027-10-31', '2027-10-31T07:00:00.000Z', 25],
  ])('on %s runs at 07:00 local (%s) and the window is %i hours', (date, instant, hours) => {
    const theNightBefore = new Date(Date.parse(instant) - 6 * 3_600_000);
    expect(nextIssueAt(theNightBefore, seven).toISOString()).toBe(instant);
    expect(latestDueDate(new Date(Date.parse(instant) - 1), seven)).not.toBe(date);
    expect(latestDueDate(utc(instant), seven)).toBe(date);
    expect(windowHours(digestWindow(date, null))).toBe(hours);
  });

  it('knows the London date around midnight in summer, when it is an hour ahead of UTC', () => {
    expect(londonDateOf(utc('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDateOf(utc('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('on a first start issues only the latest due date', () => {
    expect(dueDates(utc('2026-11-21T09:00:00Z'), null, seven)).toEqual({ dates: ['2026-11-21'], skipped: [] });
    expect(dueDates(utc('2026-11-21T06:59:00Z'), null, seven)).toEqual({ dates: ['2026-11-20'], skipped: [] });
  });

  it('catches up on days missed while it was down, oldest first', () => {
    expect(dueDates(utc('2026-11-21T09:00:00Z'), '2026-11-18', seven).dates).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
  });

  it('re-runs the latest date when it is already issued, for practitioners who joined since', () => {
    expect(dueDates(utc('2026-11-21T09:00:00Z'), '2026-11-21', seven).dates).toEqual(['2026-11-21']);
  });

  it('after a long outage issues at most the last few days and says which it skipped', () => {
    const plan = dueDates(utc('2026-11-21T09:00:00Z'), '2026-11-01', seven, 3);
    expect(plan.dates).toEqual(['2026-11-19', '2026-11-20', '2026-11-21']);
    expect(plan.skipped[0]).toBe('2026-11-02');
    expect(plan.skipped).toHaveLength(17);
  });
});
