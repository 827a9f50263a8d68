import { exactAgreements, jaroWinkler } from './baselines';

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('Smith', 'Smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

describe('exactAgreements', () => {
  it('counts the fields that are exactly equal', () => {
    const a = { id: 'a', givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1990-01-02', address: '1 Mill Lane', postcode: 'BA1 1AA', nhsNumber: null };
    expect(exactAgreements(a, { ...a, id: 'b', givenName: 'Joe' })).toBe(5);
  });
});
