/**
 * Jaro–Winkler similarity (prefix scale 0.1, up to 4 prefix characters) without allocating: the
 * match flags live in two module-level buffers, so scoring millions of pairs makes no garbage.
 * Strings longer than the buffers are compared on their first 64 characters, which is plenty for
 * names and address words.
 */
const MAX = 64;
const flagsA = new Uint8Array(MAX);
const flagsB = new Uint8Array(MAX);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const lengthA = Math.min(a.length, MAX);
  const lengthB = Math.min(b.length, MAX);
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, (Math.max(lengthA, lengthB) >> 1) - 1);
  flagsA.fill(0, 0, lengthA);
  flagsB.fill(0, 0, lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === code) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < lengthA; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const prefixLimit = Math.min(4, lengthA, lengthB);
  while (prefix < prefixLimit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** True when equal-length strings differ in one position or by one swap of neighbours. */
export function withinOneSubstitutionOrSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let differences = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (++differences === 1) first = i;
    if (differences > 2) return false;
  }
  if (differences <= 1) return true;
  // Two differences count only when they are neighbours swapped: "2602" vs "2620".
  return first + 1 < a.length && a.charCodeAt(first) === b.charCodeAt(first + 1) && a.charCodeAt(first + 1) === b.charCodeAt(first);
}
