import type { PreparedRecord } from './prepare';
import type { Vocabulary } from './vocabulary';

/**
 * Blocking rules: a pair is compared only if it shares a key. Each key combines two or three
 * fields, so a block holds a handful of people whether the cohort has 10,000 or 1,000,000, and the
 * rules overlap so that any one or two damaged or missing fields leave another rule intact.
 *
 * Narrow keys (looked up for every record):
 *   1 date of birth + both initials       10 NHS number
 *   4 family + given phonetic + year      11 PNC ID
 *   5 family + given phonetic + postcode  12 UPRN
 *   6 postcode + date of birth            13 postcode + house number + street word
 *  14 date of birth + house number + street word
 *  17 the whole address line + family initial
 *
 * Fallback keys (looked up only when the narrow keys find no link, see `queryKeys`):
 *   2 date of birth + family phonetic     3 date of birth + given phonetic
 *   7 postcode + house number + family initial   8 ... + given initial
 *  15 house number + street word + family initial   16 ... + given initial
 *  27 the whole address line + given initial
 *   9 family + given phonetic             19 postcode + both initials
 *  18 family phonetic + given initial     20 postcode + birth year
 *  21 given phonetic + family initial     22 date of birth alone
 *  23 both initials + birth year + house number
 *  24 family phonetic + postcode
 *  25 given initial + family phonetic + birth year and month   26 ... + birth month and day
 *  28 both initials + birth year and month (broad)   29 ... + birth month and day (broad)
 * plus the variants the cohort was not indexed under: day and month swapped, year off by one,
 * given and family names swapped, the second and third street words.
 *
 * The narrow keys all combine three things (or a rare one: a full date and a postcode, an
 * identifier), so their blocks do not fill up as the cohort grows: at a million people a date of
 * birth is shared by about thirty people and "12 Mill Lane" by people in several towns, and keys
 * on those with one more weak field (a name's phonetic code, a house number) would bring a few
 * strangers to every record. Those two-field keys wait in the fallback tier for the records that
 * need them.
 *
 * Given names block by their formal name (Bill with William). The street word is the first word
 * of the address that is not a house number or street type. Blocks over the size cap (common
 * names, or a date of birth in a large cohort) are skipped, so the keys that grow with the cohort
 * stop costing anything once they say too little.
 */
export const rule = {
  dobInitials: 1, dobFamily: 2, dobGiven: 3, namesYear: 4, namesPostcode: 5, postcodeDob: 6,
  postcodeNumberFamily: 7, postcodeNumberGiven: 8, names: 9, nhs: 10, pnc: 11, uprn: 12,
  postcodeNumberStreet: 13, dobNumber: 14, numberStreetFamily: 15, numberStreetGiven: 16, address: 17, familyInitial: 18,
  postcodeInitials: 19, postcodeYear: 20, givenInitial: 21, dob: 22, initialsYearNumber: 23,
  familyPostcode: 24, initialYearMonth: 25, initialMonthDay: 26, addressGiven: 27,
  initialsYearMonth: 28, initialsMonthDay: 29,
} as const;

/**
 * A 32-bit key from a rule and up to three integers (murmur3-style mixing), never 0. All 32 bits
 * are kept: at a million people there are tens of millions of keys, and two keys that hash alike
 * share a block, so every bit dropped would add strangers to some records' candidates.
 */
export function blockKey(ruleId: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(ruleId + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ a, 0xcc9e2d51);
  h = Math.imul((h << 13) | (h >>> 19), 0x1b873593) ^ b;
  h = Math.imul((h << 15) | (h >>> 17), 0xcc9e2d51) ^ c;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h === 0 ? 1 : h;
}

const stringKey = (ruleId: number, value: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return blockKey(ruleId, h);
};

type NameKeys = { givenInitial: number; familyInitial: number; givenCode: number; familyCode: number };

function nameKeys(vocabulary: Vocabulary, given: number, family: number): NameKeys {
  const names = vocabulary.names;
  return {
    givenInitial: given < 0 ? -1 : names.strings[names.formal[given]].charCodeAt(0),
    familyInitial: family < 0 ? -1 : names.strings[family].charCodeAt(0),
    givenCode: given < 0 ? -1 : names.formalPhonetic(given),
    familyCode: family < 0 ? -1 : names.phonetic[family],
  };
}

/**
 * Keys that depend on a date of birth. NARROW: rules 1, 6 and 14; FALLBACK: rules 2 and 3. `which`
 * limits them for the variant dates of the fallback tier.
 */
function dateKeys(out: number[], n: NameKeys, dob: number, person: PreparedRecord, tier: Tier, which: 'all' | 'names' | 'few' = 'all'): void {
  if (dob < 0) return;
  if (tier === FALLBACK) {
    if (which === 'few') return;
    if (n.familyCode >= 0) out.push(blockKey(rule.dobFamily, dob, n.familyCode));
    if (n.givenCode >= 0) out.push(blockKey(rule.dobGiven, dob, n.givenCode));
    return;
  }
  if (n.givenInitial >= 0 && n.familyInitial >= 0) out.push(blockKey(rule.dobInitials, dob, n.givenInitial, n.familyInitial));
  if (which === 'names') return;
  if (person.postcode >= 0) out.push(blockKey(rule.postcodeDob, person.postcode, dob));
  const street = firstStreetWord(person);
  if (which === 'all' && person.houseNumberCount > 0 && street >= 0) out.push(blockKey(rule.dobNumber, dob, person.addressTokens[0], street));
}

/** Keys on names without a full date: rules 4 and 5 (narrow), or 9, 18 and 21 (broad). */
function nameCodeKeys(keys: Keys, n: NameKeys, year: number, postcode: number, tier: Tier): void {
  const { out, broad } = keys;
  if (tier === FALLBACK) {
    if (n.familyCode >= 0 && n.givenInitial >= 0) broad.push(blockKey(rule.familyInitial, n.familyCode, n.givenInitial));
    if (n.givenCode >= 0 && n.familyInitial >= 0) broad.push(blockKey(rule.givenInitial, n.givenCode, n.familyInitial));
  }
  if (n.givenCode < 0 || n.familyCode < 0) return;
  if (tier === FALLBACK) {
    broad.push(blockKey(rule.names, n.familyCode, n.givenCode));
    return;
  }
  if (year >= 0) out.push(blockKey(rule.namesYear, n.familyCode, n.givenCode, year));
  if (postcode >= 0) out.push(blockKey(rule.namesPostcode, n.familyCode, n.givenCode, postcode));
}

/** Keys on partial evidence (fallback): rules 19, 20, 23-26, and the broad 22, 28 and 29 whose blocks grow with the cohort. */
function partialKeys(keys: Keys, n: NameKeys, person: PreparedRecord): void {
  const { out, broad } = keys;
  const { dateOfBirth: dob, postcode } = person;
  const year = yearOf(dob);
  const initials = n.givenInitial >= 0 && n.familyInitial >= 0;
  if (postcode >= 0 && initials) out.push(blockKey(rule.postcodeInitials, postcode, n.givenInitial, n.familyInitial));
  if (postcode >= 0 && year >= 0) out.push(blockKey(rule.postcodeYear, postcode, year));
  if (dob >= 0) broad.push(blockKey(rule.dob, dob));
  if (postcode >= 0 && n.familyCode >= 0) out.push(blockKey(rule.familyPostcode, n.familyCode, postcode));
  // One wrong digit in a date leaves two of year, month and day intact: keys on two of them with
  // the given initial and the family name's phonetic code, and (broad) with both initials only,
  // whose blocks hold several strangers each once the cohort nears a million.
  if (dob >= 0) {
    const yearMonth = Math.floor(dob / 100), monthDay = dob % 10000;
    if (n.givenInitial >= 0 && n.familyCode >= 0) {
      out.push(blockKey(rule.initialYearMonth, n.givenInitial, n.familyCode, yearMonth));
      out.push(blockKey(rule.initialMonthDay, n.givenInitial, n.familyCode, monthDay));
    }
    if (initials) {
      broad.push(blockKey(rule.initialsYearMonth, n.givenInitial * 128 + n.familyInitial, yearMonth));
      broad.push(blockKey(rule.initialsMonthDay, n.givenInitial * 128 + n.familyInitial, monthDay));
    }
  }
  if (initials && year >= 0 && person.houseNumberCount > 0) {
    out.push(blockKey(rule.initialsYearNumber, n.givenInitial * 128 + n.familyInitial, year, person.addressTokens[0]));
  }
}

/** Keys on a house number and a street word: rule 13 (narrow), or 7, 8, 15 and 16 (fallback). */
function streetKeys(out: number[], n: NameKeys, person: PreparedRecord, street: number, tier: Tier): void {
  const houseNumber = person.addressTokens[0];
  const postcode = person.postcode;
  if (tier === NARROW) {
    if (postcode >= 0 && street >= 0) out.push(blockKey(rule.postcodeNumberStreet, postcode, houseNumber, street));
    return;
  }
  if (postcode >= 0 && n.familyInitial >= 0) out.push(blockKey(rule.postcodeNumberFamily, postcode, houseNumber, n.familyInitial));
  if (postcode >= 0 && n.givenInitial >= 0) out.push(blockKey(rule.postcodeNumberGiven, postcode, houseNumber, n.givenInitial));
  if (street < 0) return;
  if (n.familyInitial >= 0) out.push(blockKey(rule.numberStreetFamily, houseNumber, street, n.familyInitial));
  if (n.givenInitial >= 0) out.push(blockKey(rule.numberStreetGiven, houseNumber, street, n.givenInitial));
}

const yearOf = (dob: number): number => (dob < 0 ? -1 : Math.floor(dob / 10000));
const firstStreetWord = (person: PreparedRecord): number =>
  person.addressTokens.length > person.houseNumberCount ? person.addressTokens[person.houseNumberCount] : -1;

/** Which keys: the narrow ones every record looks up, or the fallback ones. */
export type Tier = 1 | 2;
export const NARROW: Tier = 1;
export const FALLBACK: Tier = 2;

/** Where keys go: `broad` holds the fallback keys whose blocks grow with the cohort (names, date alone). */
export type Keys = Readonly<{ out: number[]; broad: number[] }>;

/** A person's own keys of one tier. */
function ownKeys(vocabulary: Vocabulary, person: PreparedRecord, n: NameKeys, tier: Tier, keys: Keys): void {
  const { out } = keys;
  const { dateOfBirth: dob, postcode } = person;
  nameCodeKeys(keys, n, yearOf(dob), postcode, tier);
  if (person.houseNumberCount > 0) streetKeys(out, n, person, firstStreetWord(person), tier);
  dateKeys(out, n, dob, person, tier);
  const parts = person.family < 0 ? null : vocabulary.names.parts[person.family];
  if (tier === FALLBACK) {
    partialKeys(keys, n, person);
    if (person.addressHash !== 0 && n.givenInitial >= 0) out.push(blockKey(rule.addressGiven, person.addressHash, n.givenInitial));
    if (parts && dob >= 0) for (const part of parts) out.push(blockKey(rule.dobFamily, dob, vocabulary.names.phonetic[part]));
    return;
  }
  if (parts && n.givenCode >= 0 && postcode >= 0) {
    for (const part of parts) out.push(blockKey(rule.namesPostcode, vocabulary.names.phonetic[part], n.givenCode, postcode));
  }
  if (person.addressHash !== 0 && n.familyInitial >= 0) out.push(blockKey(rule.address, person.addressHash, n.familyInitial));
  if (person.nhsNumber !== null) out.push(stringKey(rule.nhs, person.nhsNumber));
  if (person.pncId !== null) out.push(stringKey(rule.pnc, person.pncId));
  if (person.uprn !== null) out.push(stringKey(rule.uprn, person.uprn));
}

/** The keys a cohort person is indexed under: every narrow and fallback key of their own. */
export function indexKeys(vocabulary: Vocabulary, person: PreparedRecord, out: number[] = []): number[] {
  const n = nameKeys(vocabulary, person.given, person.family);
  const keys = { out, broad: out };
  ownKeys(vocabulary, person, n, NARROW, keys);
  ownKeys(vocabulary, person, n, FALLBACK, keys);
  return out;
}

/**
 * What a record looks up in one tier (both when `tier` is 0). NARROW: its own narrow keys.
 * FALLBACK: its own fallback keys plus the variants a corrupted copy may need (the cohort is not
 * indexed under them); the broad ones go to `broad` when it is given, so they can take a smaller cap.
 */
export function queryKeys(vocabulary: Vocabulary, record: PreparedRecord, out: number[] = [], tier: Tier | 0 = 0, broad: number[] = out): number[] {
  const n = nameKeys(vocabulary, record.given, record.family);
  const keys = { out, broad };
  if (tier !== FALLBACK) ownKeys(vocabulary, record, n, NARROW, keys);
  if (tier === NARROW) return out;
  ownKeys(vocabulary, record, n, FALLBACK, keys);
  const { dateOfBirth: dob, postcode } = record;
  if (dob >= 0) {
    const year = yearOf(dob), monthDay = dob % 10000, month = Math.floor(monthDay / 100), day = dob % 100;
    if (day <= 12 && day !== month) {
      dateKeys(out, n, year * 10000 + day * 100 + month, record, NARROW);
      dateKeys(out, n, year * 10000 + day * 100 + month, record, FALLBACK);
    }
    for (const otherYear of [year - 1, year + 1]) {
      dateKeys(out, n, otherYear * 10000 + monthDay, record, NARROW, 'few');
      if (n.givenCode >= 0 && n.familyCode >= 0) out.push(blockKey(rule.namesYear, n.familyCode, n.givenCode, otherYear));
    }
  }
  if (record.given >= 0 && record.family >= 0) {
    const swapped = nameKeys(vocabulary, record.family, record.given);
    dateKeys(out, swapped, dob, record, NARROW, 'names');
    dateKeys(out, swapped, dob, record, FALLBACK, 'names');
    nameCodeKeys(keys, swapped, yearOf(dob), postcode, NARROW);
    nameCodeKeys(keys, swapped, yearOf(dob), postcode, FALLBACK);
    if (record.houseNumberCount > 0) streetKeys(out, swapped, record, firstStreetWord(record), FALLBACK);
  }
  const { houseNumberCount: numbers, addressTokens: tokens } = record;
  for (let word = numbers + 1; numbers > 0 && word < Math.min(tokens.length, numbers + 3); word++) {
    streetKeys(out, n, record, tokens[word], NARROW);
    streetKeys(out, n, record, tokens[word], FALLBACK);
  }
  return out;
}

/**
 * The two blocks where a person's household look-alikes are: people at the same postcode born the
 * same day (a twin), and people at the same postcode with the same names (a parent the person is
 * named after). 0 where a field is missing.
 */
export function householdKeys(vocabulary: Vocabulary, person: PreparedRecord): readonly [number, number] {
  const n = nameKeys(vocabulary, person.given, person.family);
  const { dateOfBirth: dob, postcode } = person;
  return [
    postcode >= 0 && dob >= 0 ? blockKey(rule.postcodeDob, postcode, dob) : 0,
    postcode >= 0 && n.givenCode >= 0 && n.familyCode >= 0 ? blockKey(rule.namesPostcode, n.familyCode, n.givenCode, postcode) : 0,
  ];
}
