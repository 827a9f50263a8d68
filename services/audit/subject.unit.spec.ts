import { classifySubject } from './subject';

describe('what `audit subject` was given', () => {
  it('an NHS number is recognised with or without the spaces it is usually written with', () => {
    expect(classifySubject('943 476 5919')).toEqual({ kind: 'nhs-number', value: '9434765919' });
    expect(classifySubject('9434765919')).toEqual({ kind: 'nhs-number', value: '9434765919' });
  });

  it('a PNC ID is recognised whatever the case of its check letter', () => {
    expect(classifySubject('12/345678a')).toEqual({ kind: 'pnc-id', value: '12/345678A' });
  });

  it('anything else is taken as a cohort member id', () => {
    expect(classifySubject(' F-TEST-1-M1 ')).toEqual({ kind: 'member-id', value: 'F-TEST-1-M1' });
  });

  it('nothing at all is a usage error that says what to give', () => {
    expect(() => classifySubject('  ')).toThrow(/no person given/);
  });
});
