import { SeededRandom } from '../synthetic-council/random';
import { corrupt, corruptionKinds, draftOf, type CorruptionContext } from './corruptions';
import { isCalendarDate, placeholder, swapDayAndMonth, wrongDigit, yearOffByOne } from './date-errors';
import { nickname, phoneticVariant } from './name-variants';
import { typo, typoKinds } from './typos';

const random = new SeededRandom(42);
const context: CorruptionContext = { random, newHome: () => ({ address: '9 Elsewhere Road, Radstow', postcode: 'BA4 9ZZ' }) };
const margaret = draftOf({
  id: 'C1', givenName: 'Margaret', familyName: 'Hunt-Miller', dateOfBirth: '1984-03-07',
  address: '12 Mill Lane, Avonford', postcode: 'BA1 1AB', nhsNumber: '9434765919',
});

describe('typos', () => {
  it('changes the string in the way named, for every kind', () => {
    for (const kind of typoKinds) {
      for (let i = 0; i < 50; i++) expect(typo(random, 'Jones', kind)).not.toBe('Jones');
    }
    expect(typo(random, 'Jones', 'insert')).toHaveLength(6);
    expect(typo(random, 'Jones', 'delete')).toHaveLength(4);
    expect([...typo(random, 'Jones', 'transpose')].sort().join('')).toBe([...'Jones'].sort().join(''));
  });
});

describe('date errors', () => {
  it('swaps day and month only where the result is another date', () => {
    expect(swapDayAndMonth('1984-03-07')).toBe('1984-07-03');
    expect(swapDayAndMonth('1984-03-15')).toBeUndefined();
    expect(swapDayAndMonth('1984-03-03')).toBeUndefined();
  });

  it('gets one digit or the year wrong but always writes a calendar date', () => {
    for (let i = 0; i < 200; i++) {
      const digit = wrongDigit(random, '2000-02-29');
      if (digit) expect(isCalendarDate(digit)).toBe(true);
      expect(isCalendarDate(yearOffByOne(random, '2000-02-29'))).toBe(true);
    }
    expect(placeholder('1984-03-07')).toBe('1984-01-01');
  });
});

describe('name variants', () => {
  it('knows that William is Bill and Margaret is Peggy, and that Stephen sounds like Steven', () => {
    const seen = new Set(Array.from({ length: 50 }, () => nickname(random, 'Margaret')));
    expect(seen).toContain('Peggy');
    expect(nickname(random, 'Zara')).toBeUndefined();
    expect(['Steven', 'Stephan']).toContain(phoneticVariant(random, 'Stephen'));
  });
});

describe('corruptions', () => {
  it('every kind either changes the draft or leaves it exactly as it was', () => {
    for (const kind of corruptionKinds) {
      for (let i = 0; i < 20; i++) {
        const draft = { ...margaret };
        const applied = corrupt(draft, kind, context);
        if (applied) expect(draft).not.toEqual(margaret);
        else expect(draft).toEqual(margaret);
      }
    }
  });

  it('keeps half of a double-barrelled surname, swaps the names, and moves house with a new postcode', () => {
    const half = { ...margaret };
    corrupt(half, 'surname-half', context);
    expect(['Hunt', 'Miller', 'Hunt Miller']).toContain(half.familyName);
    const swapped = { ...margaret };
    corrupt(swapped, 'name-swap', context);
    expect([swapped.givenName, swapped.familyName]).toEqual(['Hunt-Miller', 'Margaret']);
    const moved = { ...margaret };
    corrupt(moved, 'moved', context);
    expect([moved.address, moved.postcode]).toEqual(['9 Elsewhere Road, Radstow', 'BA4 9ZZ']);
  });
});
