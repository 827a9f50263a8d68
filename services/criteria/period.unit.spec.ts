import { addCalendarDays, knownAt, periodEnding } from './period';

describe('the as-of date and what was known by then', () => {
  it('a past date is known up to its end in England; today, up to the moment the report runs', () => {
    const now = new Date('2026-12-04T21:06:11.250Z');
    expect(knownAt('2026-12-03', now)).toBe('2026-12-04T00:00:00+00:00');
    expect(knownAt('2026-07-01', now)).toBe('2026-07-02T00:00:00+01:00');
    expect(knownAt('2026-12-04', now)).toBe('2026-12-04T21:06:11.250+00:00');
  });

  it('a period of N days is N calendar days ending on the as-of date, across a change of the clocks and a leap day', () => {
    expect(periodEnding('2026-10-25', 1)).toMatchObject({ firstDate: '2026-10-25', lastDate: '2026-10-25' });
    const autumn = periodEnding('2026-10-25', 1);
    expect((autumn.to - autumn.from) / 3_600_000).toBe(25);
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(periodEnding('2028-03-01', 2).firstDate).toBe('2028-02-29');
  });
});
