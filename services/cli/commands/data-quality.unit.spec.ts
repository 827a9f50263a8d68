import { nhsNumberDataQuality, type CohortMember } from '../../data-quality';
import { dataQualityText } from './data-quality';

const member = (dateOfBirth: string | null, nhsNumber: string | null, team: string | null): CohortMember => ({ dateOfBirth, nhsNumber, team });

describe('live-risk data-quality as text', () => {
  it('prints counts and team names only, a team name unable to start a line of its own', () => {
    const text = dataQualityText(nhsNumberDataQuality([member('2015-01-01', null, 'North\nFAKE: 0 of 0'), member(null, null, null)], '2026-03-01'));
    expect(text.split('\n')).toEqual([
      'NHS numbers in the cohort on 2026-03-01: 1 of 1 children without a valid NHS number (1 none, 0 failing the check digit); 1 members with no date of birth not counted',
      '  North\\u000aFAKE: 0 of 0: 1 of 1 children without a valid NHS number (1 none, 0 failing the check digit)',
      '  (no team): 0 of 0 children without a valid NHS number (0 none, 0 failing the check digit); 1 members with no date of birth not counted',
    ]);
  });
});
