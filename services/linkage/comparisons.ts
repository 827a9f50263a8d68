import * as strings from './jaro-winkler';
import { comparisonLevels, type ComparisonName } from './model';
import * as normalise from './normalise';
import type { NameVocabulary, Vocabulary } from './vocabulary';

// Bound once: tsx's CommonJS output reads every imported name through a getter, costly per pair.
const { jaroWinkler, withinOneSubstitutionOrSwap } = strings;
const { isPlaceholderDate } = normalise;

/** The level a comparison takes when either side is missing: it weighs 0, never evidence against. */
export const MISSING = 255;

const levelIndex = <C extends ComparisonName>(comparison: C, name: (typeof comparisonLevels)[C][number]): number =>
  (comparisonLevels[comparison] as readonly string[]).indexOf(name);

/** Comparison positions in a levels array. */
export const GIVEN = 0, FAMILY = 1, DOB = 2, POSTCODE = 3, ADDRESS = 4, NHS = 5, PNC = 6;
export const comparisonCount = 7;

// Name levels shared by given and family name, by position in each list.
const nameLevels = (comparison: 'givenName' | 'familyName') => ({
  exact: levelIndex(comparison, 'exact'),
  swapped: levelIndex(comparison, 'swapped'),
  jw94: levelIndex(comparison, 'jaro-winkler-0.94'),
  jw88: levelIndex(comparison, 'jaro-winkler-0.88'),
  phonetic: levelIndex(comparison, 'phonetic'),
  jw80: levelIndex(comparison, 'jaro-winkler-0.80'),
  different: levelIndex(comparison, 'different'),
});
const givenLevels = { ...nameLevels('givenName'), nickname: levelIndex('givenName', 'nickname'), initial: levelIndex('givenName', 'initial') };
const familyLevels = { ...nameLevels('familyName'), onePart: levelIndex('familyName', 'one-part') };
export const EXACT_NAME = 0;

function similarNameLevel(names: NameVocabulary, a: number, b: number, levels: ReturnType<typeof nameLevels>): number {
  const similarity = jaroWinkler(names.strings[a], names.strings[b]);
  if (similarity >= 0.94) return levels.jw94;
  if (similarity >= 0.88) return levels.jw88;
  if (names.phonetic[a] === names.phonetic[b]) return levels.phonetic;
  return similarity >= 0.8 ? levels.jw80 : -1;
}

/** True when given and family names appear the other way round ("Smith John" vs "John Smith"); arguments are name ids. */
export function namesSwapped(names: NameVocabulary, givenA: number, familyA: number, givenB: number, familyB: number): boolean {
  if (givenA < 0 || familyA < 0 || givenB < 0 || familyB < 0 || givenA === givenB) return false;
  const crossGiven = givenA === familyB ? 1 : jaroWinkler(names.strings[givenA], names.strings[familyB]);
  if (crossGiven < 0.8) return false;
  const crossFamily = familyA === givenB ? 1 : jaroWinkler(names.strings[familyA], names.strings[givenB]);
  // Both crossings close, one very close (JW >= 0.88, the other >= 0.8): a swap with a typo or two is still a swap.
  return Math.min(crossGiven, crossFamily) >= 0.8 && Math.max(crossGiven, crossFamily) >= 0.88;
}

export function givenNameLevel(names: NameVocabulary, a: number, b: number, swapped: boolean): number {
  if (a < 0 || b < 0) return MISSING;
  if (a === b) return givenLevels.exact;
  if (names.formal[a] === names.formal[b]) return givenLevels.nickname;
  if (swapped) return givenLevels.swapped;
  const similar = similarNameLevel(names, a, b, givenLevels);
  if (similar >= 0) return similar;
  // "J" against "John": an initial is consistent, if weak.
  const sa = names.strings[a];
  const sb = names.strings[b];
  if ((sa.length === 1 || sb.length === 1) && sa.charCodeAt(0) === sb.charCodeAt(0)) return givenLevels.initial;
  return givenLevels.different;
}

export function familyNameLevel(names: NameVocabulary, a: number, b: number, swapped: boolean): number {
  if (a < 0 || b < 0) return MISSING;
  if (a === b) return familyLevels.exact;
  if (swapped) return familyLevels.swapped;
  // "Smith-Jones" against "Jones": a double-barrelled name sharing a part.
  const partsA = names.parts[a];
  const partsB = names.parts[b];
  if (partsA !== null || partsB !== null) {
    for (const x of partsA ?? [a]) for (const y of partsB ?? [b]) if (x === y) return familyLevels.onePart;
  }
  const similar = similarNameLevel(names, a, b, familyLevels);
  return similar >= 0 ? similar : familyLevels.different;
}

const dob = {
  exact: levelIndex('dateOfBirth', 'exact'),
  placeholder: levelIndex('dateOfBirth', 'placeholder'),
  swapped: levelIndex('dateOfBirth', 'day-month-swapped'),
  yearOff: levelIndex('dateOfBirth', 'year-off-by-one'),
  oneDigit: levelIndex('dateOfBirth', 'one-digit'),
  sameYear: levelIndex('dateOfBirth', 'same-year'),
  different: levelIndex('dateOfBirth', 'different'),
};

/** Dates as yyyymmdd numbers; digits are compared arithmetically, without strings. */
export function dateOfBirthLevel(a: number, b: number): number {
  if (a < 0 || b < 0) return MISSING;
  if (a === b) return isPlaceholderDate(a) ? dob.placeholder : dob.exact;
  const yearA = Math.floor(a / 10000), yearB = Math.floor(b / 10000);
  const monthA = Math.floor(a / 100) % 100, monthB = Math.floor(b / 100) % 100;
  const dayA = a % 100, dayB = b % 100;
  if (yearA === yearB && monthA === dayB && dayA === monthB) return dob.swapped;
  if (monthA === monthB && dayA === dayB && Math.abs(yearA - yearB) === 1) return dob.yearOff;
  if (oneDigitApart(a, b)) return dob.oneDigit;
  return yearA === yearB ? dob.sameYear : dob.different;
}

/** Eight digits differing in one place, or by two neighbouring digits swapped (1987 vs 1978). */
function oneDigitApart(a: number, b: number): boolean {
  let differences = 0;
  let firstAt = -1, firstA = 0, firstB = 0, swapped = false;
  for (let at = 0; at < 8; at++, a = Math.floor(a / 10), b = Math.floor(b / 10)) {
    const digitA = a % 10, digitB = b % 10;
    if (digitA === digitB) continue;
    if (++differences > 2) return false;
    if (differences === 1) [firstAt, firstA, firstB] = [at, digitA, digitB];
    else swapped = at === firstAt + 1 && digitA === firstB && digitB === firstA;
  }
  return differences === 1 || swapped;
}

const postcode = {
  exact: levelIndex('postcode', 'exact'),
  sector: levelIndex('postcode', 'sector'),
  oneCharacter: levelIndex('postcode', 'one-character'),
  district: levelIndex('postcode', 'district'),
  different: levelIndex('postcode', 'different'),
};

export function postcodeLevel(vocabulary: Vocabulary, a: number, b: number): number {
  if (a < 0 || b < 0) return MISSING;
  if (a === b) return postcode.exact;
  const postcodes = vocabulary.postcodes;
  if (postcodes.sector[a] >= 0 && postcodes.sector[a] === postcodes.sector[b]) return postcode.sector;
  if (withinOneSubstitutionOrSwap(postcodes.strings[a], postcodes.strings[b])) return postcode.oneCharacter;
  if (postcodes.district[a] >= 0 && postcodes.district[a] === postcodes.district[b]) return postcode.district;
  return postcode.different;
}

export { comparisonLevels };
