import type { SeededRandom } from '../synthetic-council/random';

/**
 * Keying and scanning errors in one string. Each function returns a different string of letters
 * (or the input unchanged when it is too short to damage), keeping the case of the neighbourhood.
 */
export type TypoKind = 'insert' | 'delete' | 'substitute' | 'transpose' | 'keyboard';

const qwertyRows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const keyboardNeighbours = new Map<string, string>();
qwertyRows.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) {
    const near = [row[c - 1], row[c + 1], qwertyRows[r - 1]?.[c], qwertyRows[r - 1]?.[c + 1], qwertyRows[r + 1]?.[c], qwertyRows[r + 1]?.[c - 1]];
    keyboardNeighbours.set(row[c], near.filter((key): key is string => key !== undefined).join(''));
  }
});

const letters = 'abcdefghijklmnopqrstuvwxyz';

const matchCase = (replacement: string, original: string): string =>
  original !== original.toLowerCase() ? replacement.toUpperCase() : replacement;

/** One typing error of the given kind at a random position (never the first letter for deletes). */
export function typo(random: SeededRandom, value: string, kind: TypoKind): string {
  if (value.length < 2) return value;
  const at = random.int(0, value.length - 1);
  const original = value[at];
  switch (kind) {
    case 'insert': {
      // Mostly a doubled letter (Jonnes), sometimes a stray neighbouring key.
      const extra = random.chance(0.5) ? original.toLowerCase() : random.pick([...(keyboardNeighbours.get(original.toLowerCase()) ?? letters)]);
      return value.slice(0, at + 1) + extra + value.slice(at + 1);
    }
    case 'delete': {
      const position = Math.max(1, at);
      return value.slice(0, position) + value.slice(position + 1);
    }
    case 'substitute': {
      const replacement = random.pick([...letters.replace(original.toLowerCase(), '')]);
      return value.slice(0, at) + matchCase(replacement, original) + value.slice(at + 1);
    }
    case 'transpose': {
      const position = Math.min(at, value.length - 2);
      if (value[position] === value[position + 1]) return typo(random, value, 'substitute');
      return value.slice(0, position) + value[position + 1] + value[position] + value.slice(position + 2);
    }
    case 'keyboard': {
      const near = keyboardNeighbours.get(original.toLowerCase());
      if (!near) return typo(random, value, 'substitute');
      return value.slice(0, at) + matchCase(random.pick([...near]), original) + value.slice(at + 1);
    }
  }
}

export const typoKinds: readonly TypoKind[] = ['insert', 'delete', 'substitute', 'transpose', 'keyboard'];

export function anyTypo(random: SeededRandom, value: string): string {
  return typo(random, value, random.pick(typoKinds));
}

/** Shapes a scanner or a hurried reader confuses in handwriting and print. */
const ocrConfusions: readonly (readonly [string, string])[] = [
  ['rn', 'm'], ['m', 'rn'], ['cl', 'd'], ['d', 'cl'], ['vv', 'w'], ['w', 'vv'], ['li', 'h'], ['h', 'li'], ['e', 'c'],
  ['c', 'e'], ['o', 'c'], ['i', 'l'], ['l', 'i'], ['u', 'v'], ['n', 'h'], ['a', 'o'], ['g', 'q'], ['I', 'l'], ['O', 'Q'],
  ['S', '5'], ['l', '1'], ['o', '0'], ['B', '8'], ['Z', '2'],
];

/** One OCR confusion somewhere in the string, or a plain substitution when no shape applies. */
export function ocrError(random: SeededRandom, value: string): string {
  const applicable = ocrConfusions.filter(([from]) => value.includes(from));
  if (applicable.length === 0) return typo(random, value, 'substitute');
  const [from, to] = random.pick(applicable);
  const positions: number[] = [];
  for (let at = value.indexOf(from); at !== -1; at = value.indexOf(from, at + 1)) positions.push(at);
  const at = random.pick(positions);
  return value.slice(0, at) + to + value.slice(at + from.length);
}

/** Digits misread on a scanned form: 1/7, 3/8, 5/6, 0/8. */
export const ocrDigit: Readonly<Record<string, string>> = { '0': '8', '1': '7', '7': '1', '3': '8', '8': '3', '5': '6', '6': '5', '2': '7', '4': '9', '9': '4' };
