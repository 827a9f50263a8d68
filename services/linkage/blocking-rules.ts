import type { PreparedRecord } from './prepare';
import type { Vocabulary } from './vocabulary';

/**
 * Blocking rules: a pair is compared only if it shares a key. Each key combines two or three
 * fields, so a block holds a handful of people whether the cohort has 10,000 or 1,000,000, and the
 * rules overlap so that any one or two damaged or missing fields leave another rule intact:
 *
 *   1 date of birth + both initials       10 NHS number
 *   2 date of birth + family phonetic     11 PNC ID
 *   3 date of birth + given phonetic      12 UPRN
 *   4 family + given phonetic + year      13 postcode + house number + street word
 *   5 family + given phonetic + postcode  14 date of birth + house number
 *   6 postcode + date of birth            15 house number + street word + family initial
 *   7 postcode + house number + family initial   16 ... + given initial
 *   8 postcode + house number + given initial    17 the whole address line
 *   9 family + given phonetic             18 family phonetic + given initial
 *
 * Given names block by their formal name (Bill with William). The street word is the first word
 * of the address that is not a house number or street type. Blocks over the size cap (common
 * names in rules 9 and 18) are skipped. A record being matched also looks up the variants the
 * cohort was not indexed under: day and month swapped, year off by one, given and family names
 * swapped, each part of a double-barrelled family name, its second and third street words.
 */
export const rule = {
  dobInitials: 1, dobFamily: 2, dobGiven: 3, namesYear: 4, namesPostcode: 5, postcodeDob: 6,
  postcodeNumberFamily: 7, postcodeNumberGiven: 8, names: 9, nhs: 10, pnc: 11, uprn: 12,
  postcodeNumberStreet: 13, dobNumber: 14, numberStreetFamily: 15, numberStreetGiven: 16, address: 17, familyInitial: 18,
} as const;

/** A 30-bit key from a rule and up to three integers (murmur3-style mixing). */
export function blockKey(ruleId: number, a: number, b = 0, c = 0): number {
  let h = Math.imul(ruleId + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ a, 0xcc9e2d51);
  h = Math.imul((h << 13) | (h >>> 19), 0x1b873593) ^ b;
  h = Math.imul((h << 15) | (h >>> 17), 0xcc9e2d51) ^ c;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x3fffffff;
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

/** Keys that depend on a date of birth (rules 1–3, 6 and 14); `which` limits them for variants. */
function dateKeys(out: number[], n: NameKeys, dob: number, person: PreparedRecord, which: 'all' | 'names' | 'few' = 'all'): void {
  if (dob < 0) return;
  if (n.givenInitial >= 0 && n.familyInitial >= 0) out.push(blockKey(rule.dobInitials, dob, n.givenInitial, n.familyInitial));
  if (which !== 'few') {
    if (n.familyCode >= 0) out.push(blockKey(rule.dobFamily, dob, n.familyCode));
    if (n.givenCode >= 0) out.push(blockKey(rule.dobGiven, dob, n.givenCode));
  }
  if (which === 'names') return;
  if (person.postcode >= 0) out.push(blockKey(rule.postcodeDob, person.postcode, dob));
  if (which === 'all' && person.houseNumberCount > 0) out.push(blockKey(rule.dobNumber, dob, person.addressTokens[0]));
}

/** Keys on names without a full date (rules 4, 5, 9 and 18). */
function nameCodeKeys(out: number[], n: NameKeys, year: number, postcode: number): void {
  if (n.familyCode >= 0 && n.givenInitial >= 0) out.push(blockKey(rule.familyInitial, n.familyCode, n.givenInitial));
  if (n.givenCode < 0 || n.familyCode < 0) return;
  if (year >= 0) out.push(blockKey(rule.namesYear, n.familyCode, n.givenCode, year));
  if (postcode >= 0) out.push(blockKey(rule.namesPostcode, n.familyCode, n.givenCode, postcode));
  out.push(blockKey(rule.names, n.familyCode, n.givenCode));
}

/** Keys on a house number and a street word (rules 7, 8, 13, 15 and 16). */
function streetKeys(out: number[], n: NameKeys, person: PreparedRecord, street: number): void {
  const houseNumber = person.addressTokens[0];
  const postcode = person.postcode;
  if (postcode >= 0 && n.familyInitial >= 0) out.push(blockKey(rule.postcodeNumberFamily, postcode, houseNumber, n.familyInitial));
  if (postcode >= 0 && n.givenInitial >= 0) out.push(blockKey(rule.postcodeNumberGiven, postcode, houseNumber, n.givenInitial));
  if (street < 0) return;
  if (postcode >= 0) out.push(blockKey(rule.postcodeNumberStreet, postcode, houseNumber, street));
  if (n.familyInitial >= 0) out.push(blockKey(rule.numberStreetFamily, houseNumber, street, n.familyInitial));
  if (n.givenInitial >= 0) out.push(blockKey(rule.numberStreetGiven, houseNumber, street, n.givenInitial));
}

const yearOf = (dob: number): number => (dob < 0 ? -1 : Math.floor(dob / 10000));
const firstStreetWord = (person: PreparedRecord): number =>
  person.addressTokens.length > person.houseNumberCount ? person.addressTokens[person.houseNumberCount] : -1;

/** The keys a cohort person is indexed under (and that a record looks up first). */
export function indexKeys(vocabulary: Vocabulary, person: PreparedRecord, out: number[] = []): number[] {
  const n = nameKeys(vocabulary, person.given, person.family);
  const { dateOfBirth: dob, postcode } = person;
  dateKeys(out, n, dob, person);
  nameCodeKeys(out, n, yearOf(dob), postcode);
  const parts = person.family < 0 ? null : vocabulary.names.parts[person.family];
  if (parts) {
    for (const part of parts) {
      const code = vocabulary.names.phonetic[part];
      if (dob >= 0) out.push(blockKey(rule.dobFamily, dob, code));
      if (n.givenCode >= 0 && postcode >= 0) out.push(blockKey(rule.namesPostcode, code, n.givenCode, postcode));
    }
  }
  if (person.houseNumberCount > 0) streetKeys(out, n, person, firstStreetWord(person));
  if (person.addressHash !== 0) out.push(blockKey(rule.address, person.addressHash));
  if (person.nhsNumber !== null) out.push(stringKey(rule.nhs, person.nhsNumber));
  if (person.pncId !== null) out.push(stringKey(rule.pnc, person.pncId));
  if (person.uprn !== null) out.push(stringKey(rule.uprn, person.uprn));
  return out;
}

/** Everything a record looks up: its own keys plus the variants a corrupted copy may need. */
export function queryKeys(vocabulary: Vocabulary, record: PreparedRecord, out: number[] = []): number[] {
  indexKeys(vocabulary, record, out);
  const n = nameKeys(vocabulary, record.given, record.family);
  const { dateOfBirth: dob, postcode } = record;
  if (dob >= 0) {
    const year = yearOf(dob), monthDay = dob % 10000, month = Math.floor(monthDay / 100), day = dob % 100;
    if (day <= 12 && day !== month) dateKeys(out, n, year * 10000 + day * 100 + month, record);
    for (const otherYear of [year - 1, year + 1]) {
      dateKeys(out, n, otherYear * 10000 + monthDay, record, 'few');
      if (n.givenCode >= 0 && n.familyCode >= 0) out.push(blockKey(rule.namesYear, n.familyCode, n.givenCode, otherYear));
    }
  }
  if (record.given >= 0 && record.family >= 0) {
    const swapped = nameKeys(vocabulary, record.family, record.given);
    dateKeys(out, swapped, dob, record, 'names');
    nameCodeKeys(out, swapped, yearOf(dob), postcode);
    if (record.houseNumberCount > 0) streetKeys(out, swapped, record, firstStreetWord(record));
  }
  const { houseNumberCount: numbers, addressTokens: tokens } = record;
  for (let word = numbers + 1; numbers > 0 && word < Math.min(tokens.length, numbers + 3); word++) streetKeys(out, n, record, tokens[word]);
  return out;
}
