/**
 * NYSIIS (New York State Identification and Intelligence System) phonetic code, as in Taft (1970),
 * truncated to six letters, with one common modification: a Y after the first letter counts as a
 * vowel, so "Smith" and "Smyth" share SNAT. Names that sound alike share a code ("Philips" and
 * "Fillips" give FALAP, "Knight" and "Night" NAGT, "MacDonald" and "McDonald" MCDANA). It is
 * computed once per distinct name (the vocabulary caches it), so clarity beats speed here.
 */
const isVowel = (c: string | undefined): boolean => c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U' || c === 'Y';

const firstLetters: ReadonlyArray<[string, string]> = [
  ['MAC', 'MCC'], ['KN', 'NN'], ['K', 'C'], ['PH', 'FF'], ['PF', 'FF'], ['SCH', 'SSS'],
];
const lastLetters: ReadonlyArray<[string, string]> = [
  ['EE', 'Y'], ['IE', 'Y'], ['DT', 'D'], ['RT', 'D'], ['RD', 'D'], ['NT', 'D'], ['ND', 'D'],
];

export function nysiis(name: string, maxLength = 6): string {
  let word = name.toUpperCase().replace(/[^A-Z]/g, '');
  if (word.length === 0) return '';
  for (const [from, to] of firstLetters) {
    if (word.startsWith(from)) {
      word = to + word.slice(from.length);
      break;
    }
  }
  for (const [from, to] of lastLetters) {
    if (word.endsWith(from)) {
      word = word.slice(0, -from.length) + to;
      break;
    }
  }
  const chars = word.split('');
  let key = chars[0];
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i];
    if (c === 'E' && chars[i + 1] === 'V') {
      chars[i] = 'A';
      chars[i + 1] = 'F';
    } else if (isVowel(c)) chars[i] = 'A';
    else if (c === 'Q') chars[i] = 'G';
    else if (c === 'Z') chars[i] = 'S';
    else if (c === 'M') chars[i] = 'N';
    else if (c === 'K') chars[i] = chars[i + 1] === 'N' ? 'N' : 'C';
    else if (c === 'S' && chars[i + 1] === 'C' && chars[i + 2] === 'H') {
      chars[i + 1] = 'S';
      chars[i + 2] = 'S';
    } else if (c === 'P' && chars[i + 1] === 'H') {
      chars[i] = 'F';
      chars[i + 1] = 'F';
    } else if (c === 'H' && (!isVowel(chars[i - 1]) || (i + 1 < chars.length && !isVowel(chars[i + 1])))) chars[i] = chars[i - 1];
    else if (c === 'W' && isVowel(chars[i - 1])) chars[i] = chars[i - 1];
    if (chars[i] !== key[key.length - 1]) key += chars[i];
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 2 && key.endsWith('AY')) key = key.slice(0, -2) + 'Y';
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key.slice(0, maxLength);
}
