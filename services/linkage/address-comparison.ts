import * as strings from './jaro-winkler';
import * as comparisons from './comparisons';
import { comparisonLevels } from './model';
import * as rows from './person-rows';
import type { Interner } from './vocabulary';

// Bound once: tsx's CommonJS output reads every imported name through a getter, costly per pair.
const { jaroWinkler } = strings;
const { MISSING } = comparisons;
const { ADDRESS_HASH, COUNTS, TOKENS, PersonRows } = rows;

const level = (name: (typeof comparisonLevels)['address'][number]): number => comparisonLevels.address.indexOf(name);
const uprn = level('uprn'), exact = level('exact'), numberAndStreet = level('number-and-street'), street = level('street');
const otherNumber = level('other-number-same-street'), someWords = level('some-words'), different = level('different');

/**
 * Address: the same UPRN when both have one; otherwise the address line's house numbers and words.
 * House numbers matter: "12 Mill Lane" and "14 Mill Lane" are neighbours, not the same home. Words
 * match exactly or, when long enough to carry a typo, by Jaro–Winkler >= 0.9 ("Wattle"/"Watle").
 * Word overlap is over the shorter address, so a missing second line is not a disagreement.
 * The two people are rows `a` of `A` and `b` of `B`.
 */
export function addressLevel(words: Interner, A: rows.PersonRows, a: number, B: rows.PersonRows, b: number): number {
  const uprnA = A.uprn(a);
  if (uprnA >= 0 && uprnA === B.uprn(b)) return uprn;
  const rowA = PersonRows.row(a), rowB = PersonRows.row(b);
  const hashA = A.rows[rowA + ADDRESS_HASH], hashB = B.rows[rowB + ADDRESS_HASH];
  if (hashA === 0 || hashB === 0) return MISSING;
  if (hashA === hashB) return exact;
  const tokensA = A.tokens, tokensB = B.tokens;
  const startA = A.rows[rowA + TOKENS], startB = B.rows[rowB + TOKENS];
  const countsA = A.rows[rowA + COUNTS], countsB = B.rows[rowB + COUNTS];
  const endA = startA + (countsA & 0xffff), endB = startB + (countsB & 0xffff);
  const wordsFromA = startA + (countsA >>> 16), wordsFromB = startB + (countsB >>> 16);
  let numbersAgree = false;
  for (let i = startA; i < wordsFromA && !numbersAgree; i++) {
    for (let j = startB; j < wordsFromB; j++) {
      if (tokensA[i] === tokensB[j]) {
        numbersAgree = true;
        break;
      }
    }
  }
  const wordsA = endA - wordsFromA, wordsB = endB - wordsFromB;
  let matched = 0;
  for (let i = wordsFromA; i < endA; i++) {
    const x = tokensA[i];
    for (let j = wordsFromB; j < endB; j++) {
      const y = tokensB[j];
      if (x === y || similarWords(words.values[x], words.values[y])) {
        matched++;
        break;
      }
    }
  }
  const overlap = wordsA > 0 && wordsB > 0 ? matched / Math.min(wordsA, wordsB) : 0;
  const numbersConflict = wordsFromA > startA && wordsFromB > startB && !numbersAgree;
  if (overlap >= 0.5) {
    if (numbersConflict) return otherNumber;
    return numbersAgree ? numberAndStreet : street;
  }
  return matched > 0 || numbersAgree ? someWords : different;
}

function similarWords(x: string, y: string): boolean {
  if (x.length < 4 || y.length < 4 || Math.abs(x.length - y.length) > 2) return false;
  return jaroWinkler(x, y) >= 0.9;
}
