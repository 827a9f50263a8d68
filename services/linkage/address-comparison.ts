import * as strings from './jaro-winkler';
import * as comparisons from './comparisons';
import { comparisonLevels } from './model';
import type { PreparedRecord } from './prepare';
import type { Interner } from './vocabulary';

// Bound once: tsx's CommonJS output reads every imported name through a getter, costly per pair.
const { jaroWinkler } = strings;
const { MISSING } = comparisons;

const level = (name: (typeof comparisonLevels)['address'][number]): number => comparisonLevels.address.indexOf(name);
const uprn = level('uprn'), exact = level('exact'), numberAndStreet = level('number-and-street'), street = level('street');
const otherNumber = level('other-number-same-street'), someWords = level('some-words'), different = level('different');

/**
 * Address: the same UPRN when both have one; otherwise the address line's house numbers and words.
 * House numbers matter: "12 Mill Lane" and "14 Mill Lane" are neighbours, not the same home. Words
 * match exactly or, when long enough to carry a typo, by Jaro–Winkler >= 0.9 ("Wattle"/"Watle").
 * Word overlap is over the shorter address, so a missing second line is not a disagreement.
 */
export function addressLevel(words: Interner, a: PreparedRecord, b: PreparedRecord): number {
  if (a.uprn !== null && a.uprn === b.uprn) return uprn;
  if (a.addressHash === 0 || b.addressHash === 0) return MISSING;
  if (a.addressHash === b.addressHash) return exact;
  const numbersA = a.houseNumberCount, numbersB = b.houseNumberCount;
  let numbersAgree = false;
  for (let i = 0; i < numbersA && !numbersAgree; i++) {
    for (let j = 0; j < numbersB; j++) {
      if (a.addressTokens[i] === b.addressTokens[j]) {
        numbersAgree = true;
        break;
      }
    }
  }
  const wordsA = a.addressTokens.length - numbersA, wordsB = b.addressTokens.length - numbersB;
  let matched = 0;
  for (let i = numbersA; i < a.addressTokens.length; i++) {
    const x = a.addressTokens[i];
    for (let j = numbersB; j < b.addressTokens.length; j++) {
      const y = b.addressTokens[j];
      if (x === y || similarWords(words.values[x], words.values[y])) {
        matched++;
        break;
      }
    }
  }
  const overlap = wordsA > 0 && wordsB > 0 ? matched / Math.min(wordsA, wordsB) : 0;
  const numbersConflict = numbersA > 0 && numbersB > 0 && !numbersAgree;
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
