import type { z } from 'zod';
import { jsonSchemaFor } from './json-schemas';
import { narrative, text, textProblem } from './text';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
};

describe('single-line text', () => {
  const name = text({ min: 1, max: 100 });

  it('accepts names and addresses as agencies write them, including accents, apostrophes, emoji and right-to-left text', () => {
    for (const value of ["Siân O'Neill-Ffrench", 'Flat 2, 12 Mill Lane', 'Zoë 😀', 'مريم\u200f', 'tab-free\u00a0no-break space']) {
      expect(messageOf(name, value)).toBeUndefined();
    }
  });

  it('rejects U+0000, naming the character and its position', () => {
    expect(messageOf(name, 'Jo\u0000')).toBe('contains a control character (U+0000) at position 3');
  });

  it('rejects an escape sequence, naming ESC and where it starts', () => {
    expect(messageOf(name, 'Family SF-1 \u001b[8m')).toBe('contains a control character (U+001B) at position 13');
  });

  it('rejects a line break, saying the field is one line', () => {
    expect(messageOf(name, 'Upper\nFloor')).toBe('contains a line break (U+000A) at position 6; this field is a single line');
  });

  it('rejects DEL and C1 controls such as the 8-bit CSI U+009B', () => {
    expect(messageOf(name, 'a\u007f')).toContain('(U+007F) at position 2');
    expect(messageOf(name, '\u009b8m')).toContain('(U+009B) at position 1');
  });

  it('rejects a lone high or low surrogate but not a pair', () => {
    expect(messageOf(name, 'ab\ud800c')).toBe('contains a lone UTF-16 surrogate (U+D800) at position 3, which is not Unicode text');
    expect(messageOf(name, '\ude00')).toContain('lone UTF-16 surrogate (U+DE00) at position 1');
    expect(messageOf(name, 'x\ud83d')).toContain('(U+D83D) at position 2');
    expect(messageOf(name, '\ud83d\ude00')).toBeUndefined();
  });

  it('refuses over-long text for its length without describing its content', () => {
    expect(messageOf(name, '\u0000'.repeat(101))).toBe('Too big: expected string to have <=100 characters');
  });
});

describe('narrative text', () => {
  const summary = narrative({ max: 1000 });

  it('allows tab, line feed and carriage return', () => {
    expect(messageOf(summary, 'Officers attended.\r\n\tNo further action.')).toBeUndefined();
  });

  it('still rejects other controls, U+0000 and lone surrogates, saying which whitespace is allowed', () => {
    expect(messageOf(summary, 'ok\n\u001b]0;title\u0007')).toBe(
      'contains a control character (U+001B) at position 4; only tab, line feed and carriage return are allowed',
    );
    expect(messageOf(summary, 'nul \u0000')).toContain('(U+0000) at position 5');
    expect(messageOf(summary, '\udbff')).toContain('lone UTF-16 surrogate');
  });
});

describe('the JSON Schema pattern publishers validate with', () => {
  const samples = ['plain', 'Zoë 😀', '\u0000', 'a\u001bb', 'line\nbreak', 'tab\there', '\ud800', '\udc00x', '\u0085', 'مريم\u202e'];
  const patternOf = (schema: z.ZodType) => String(jsonSchemaFor(schema).pattern);

  it.each([
    ['single-line', text()],
    ['narrative', narrative()],
  ] as const)('agrees with zod on %s text, read with or without the u flag', (_kind, schema) => {
    for (const flags of ['', 'u']) {
      const pattern = new RegExp(patternOf(schema), flags);
      for (const sample of samples) expect([sample, pattern.test(sample)]).toEqual([sample, schema.safeParse(sample).success]);
    }
  });

  it('textProblem describes exactly the values the pattern refuses', () => {
    for (const sample of samples) {
      expect([sample, textProblem(sample, 'single-line') === undefined]).toEqual([sample, text().safeParse(sample).success]);
    }
  });
});
