import { agreementStandings, sharingAgreement } from './agreement';
import { loadPolicy, parsePolicy } from './policy';
import { policyTables } from './policy-table';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the policy as loose JSON */
const signed = {
  reference: 'DISC-PISA-2026-001',
  signatories: [
    { organisation: 'Avon and Wessex Police', role: 'Senior Information Risk Owner' },
    { organisation: 'Avonford Council', role: 'Data Protection Officer' },
  ],
  startDate: '2026-01-01',
  reviewDate: '2027-01-01',
};
const problemsOf = (value: unknown) => {
  const parsed = sharingAgreement.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('the agreement as signed', () => {
  it('accepts a reference, at least two signatories by organisation and role, a start and a later review date', () => {
    expect(problemsOf(signed)).toEqual([]);
    expect(problemsOf({ ...signed, signatories: signed.signatories.slice(0, 1) })).toEqual([
      'signatories: an agreement is signed by at least two organisations: the agency and the council',
    ]);
    expect(problemsOf({ ...signed, reviewDate: '2025-12-31' })).toEqual(['reviewDate: the review date must come after the start date']);
    expect(problemsOf({ ...signed, startDate: '2026-02-30' })).toHaveLength(1);
    expect(problemsOf({ ...signed, signatories: [{ organisation: 'Avonford Council' }, signed.signatories[1]] })).toEqual(['signatories.0.role: Invalid input: expected string, received undefined']);
    expect(problemsOf({ ...signed, signedBy: 'someone' })).toHaveLength(1);
  });

  it('the policy in force records every agency’s agreement; one missing is refused, naming the agency', () => {
    const policy = JSON.parse(JSON.stringify(loadPolicy())) as Record<string, any>;
    delete policy.agencies.education.agreement;
    expect(() => parsePolicy(policy, 'policy.json')).toThrow(/agencies\.education\.agreement: Invalid input: expected object/);
  });

  it('is overdue from the day after its review date, counted in whole days; on the review date it is only due', () => {
    const policy = { agencies: { police: { agreement: signed }, housing: { agreement: { ...signed, reference: 'H', reviewDate: '2027-03-01' } } } };
    expect(agreementStandings(policy, '2027-01-01')).toEqual([
      { agency: 'police', reference: 'DISC-PISA-2026-001', reviewDate: '2027-01-01', daysOverdue: 0, overdue: false },
      { agency: 'housing', reference: 'H', reviewDate: '2027-03-01', daysOverdue: 0, overdue: false },
    ]);
    expect(agreementStandings(policy, '2027-01-02')[0]).toMatchObject({ daysOverdue: 1, overdue: true });
    // Across the March clock change the count is still in calendar days.
    expect(agreementStandings(policy, '2027-04-01')).toMatchObject([{ daysOverdue: 90, overdue: true }, { daysOverdue: 31, overdue: true }]);
  });

  it('leaves out agencies whose policy records no agreement (files released before agreements were)', () => {
    expect(agreementStandings({ agencies: { police: {}, health: undefined } }, '2030-01-01')).toEqual([]);
  });

  it('policy show lists each agreement with its signatories, marking one past its review date', () => {
    const tables = policyTables(loadPolicy(), undefined, '2027-01-05');
    const agreements = tables.sections[3];
    expect(agreements.headers).toEqual(['Agency', 'Reference', 'Signed by', 'Start', 'Review by']);
    expect(agreements.rows.map((row) => row[0])).toEqual(['police', 'housing', 'health', 'education']);
    expect(agreements.rows[0]).toEqual([
      'police',
      'DISC-PISA-2026-001 (Supporting Families: police incidents about cohort families)',
      'Senior Information Risk Owner, Avon and Wessex Police; Data Protection Officer, Avonford Council',
      '2026-01-01',
      '2027-01-01 (review overdue by 4 days)',
    ]);
    expect(agreements.rows[3][4]).toBe('2027-09-01');
  });
});
