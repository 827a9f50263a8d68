import { nhsNumberDataQuality, withoutValidNhsNumber, type CohortMember } from './nhs-number-count';

const valid = '9434765919';
const failsCheckDigit = '9434765918';
const member = (dateOfBirth: string | null, nhsNumber: string | null, team: string | null = 'North'): CohortMember => ({ dateOfBirth, nhsNumber, team });

describe('children in the cohort without a valid NHS number', () => {
  it('counts children with none and with one failing its check digit, and not children with a valid one', () => {
    const report = nhsNumberDataQuality([member('2015-01-01', valid), member('2016-02-02', null), member('2017-03-03', failsCheckDigit)], '2026-03-01');
    expect(report.cohort).toEqual({ children: 3, noNhsNumber: 1, invalidNhsNumber: 1, ageUnknown: 0 });
    expect(withoutValidNhsNumber(report.cohort)).toBe(2);
  });

  it('counts a member as a child until the day before their 18th birthday, and not an expected baby', () => {
    const counted = (dateOfBirth: string) => nhsNumberDataQuality([member(dateOfBirth, null)], '2026-03-01').cohort.children;
    expect(counted('2008-03-02')).toBe(1);
    expect(counted('2008-03-01')).toBe(0);
    expect(counted('2026-03-01')).toBe(1);
    expect(counted('2026-03-02')).toBe(0);
  });

  it('leaves adults out, and counts members with no date of birth apart, since they may or may not be children', () => {
    const report = nhsNumberDataQuality([member('1980-01-01', null), member(null, null), member(null, valid)], '2026-03-01');
    expect(report.cohort).toEqual({ children: 0, noNhsNumber: 0, invalidNhsNumber: 0, ageUnknown: 2 });
  });

  it('counts per team, teams in order and members whose practitioner has no team last', () => {
    const report = nhsNumberDataQuality([member('2015-01-01', null, null), member('2015-01-01', null, 'South'), member('2015-01-01', valid, 'North'), member('2015-01-01', null, 'South')], '2026-03-01');
    expect(report.teams.map((t) => [t.team, t.children, withoutValidNhsNumber(t)])).toEqual([['North', 1, 0], ['South', 2, 2], [null, 1, 1]]);
    expect(report.cohort.children).toBe(4);
  });

  it('counts nothing in an empty cohort', () => {
    expect(nhsNumberDataQuality([], '2026-03-01')).toEqual({ on: '2026-03-01', cohort: { children: 0, noNhsNumber: 0, invalidNhsNumber: 0, ageUnknown: 0 }, teams: [] });
  });
});
