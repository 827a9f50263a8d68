import type { PersonRecord } from '../labelled-linkage';

/**
 * Yardsticks timed over the same pairs as the engine, so its throughput reads as a ratio that
 * survives a slower or busier machine: "scoring a pair costs as much as N plain Jaro–Winkler
 * comparisons of two surnames".
 */

/** Textbook Jaro–Winkler (prefix scale 0.1, up to 4 letters) on two strings as given. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** The trivial comparison: how many of the six fields are exactly equal. */
export function exactAgreements(a: PersonRecord, b: PersonRecord): number {
  return (
    Number(a.givenName === b.givenName) + Number(a.familyName === b.familyName) + Number(a.dateOfBirth === b.dateOfBirth) +
    Number(a.address === b.address) + Number(a.postcode === b.postcode) + Number(a.nhsNumber === b.nhsNumber)
  );
}
