import { jaroWinkler, withinOneSubstitutionOrSwap } from './jaro-winkler';
import { formalNameOf } from './nicknames';
import { nysiis } from './phonetic';

describe('Jaro–Winkler', () => {
  it('gives the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
  });

  it('is 1 for equal strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });
});

describe('one substitution or neighbour swap', () => {
  it('accepts one changed character or two neighbours swapped, nothing more', () => {
    expect(withinOneSubstitutionOrSwap('2602', '2603')).toBe(true);
    expect(withinOneSubstitutionOrSwap('2602', '2620')).toBe(true);
    expect(withinOneSubstitutionOrSwap('2602', '2710')).toBe(false);
    expect(withinOneSubstitutionOrSwap('2602', '26021')).toBe(false);
  });
});

describe('NYSIIS', () => {
  it('gives names that sound alike the same code', () => {
    expect(nysiis('philips')).toBe(nysiis('fillips'));
    expect(nysiis('smith')).toBe(nysiis('smyth'));
    expect(nysiis('knight')).toBe(nysiis('night'));
    expect(nysiis('macdonald')).toBe(nysiis('mcdonald'));
    expect(nysiis('johnson')).toBe(nysiis('jonson'));
    expect(nysiis('smith')).not.toBe(nysiis('jones'));
  });
});

describe('nicknames', () => {
  it('maps common short forms to the formal name', () => {
    for (const [short, formal] of [['bill', 'william'], ['peggy', 'margaret'], ['bob', 'robert'], ['liz', 'elizabeth'], ['jim', 'james']]) {
      expect(formalNameOf.get(short)).toBe(formal);
    }
    expect(formalNameOf.size).toBeGreaterThan(150);
  });
});
