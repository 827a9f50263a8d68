import { addressTokens, compactPostcode, dateOfBirthNumber, nameParts, streetTypes } from './normalise';
import { validNhsNumber, validPncId, validUprn } from './strong-identifiers';
import type { PersonRecord } from './types';
import type { Vocabulary } from './vocabulary';

/**
 * A person reduced once to what comparisons read: vocabulary ids instead of strings, the date of
 * birth as one number, address house numbers and words as ids. Scoring a pair then allocates
 * nothing, and a million cohort people hold no duplicate strings.
 */
export type PreparedRecord = Readonly<{
  id: string;
  /** Name vocabulary ids; -1 when missing. */
  given: number;
  family: number;
  /** yyyymmdd, or -1. */
  dateOfBirth: number;
  /** Postcode vocabulary id, or -1. */
  postcode: number;
  /** Hash of the address tokens in sorted order (so swapped words still agree exactly); 0 when missing. */
  addressHash: number;
  /** Address word ids, house numbers first (the first `houseNumberCount`), street types left out. */
  addressTokens: readonly number[];
  houseNumberCount: number;
  nhsNumber: string | null;
  pncId: string | null;
  uprn: string | null;
}>;

const hashString = (value: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash | 1;
};

export function prepareRecord(vocabulary: Vocabulary, record: PersonRecord): PreparedRecord {
  const tokens = addressTokens(record.address);
  const numbers: number[] = [];
  const words: number[] = [];
  for (const token of tokens) {
    if (/\d/.test(token)) numbers.push(vocabulary.addressWords.intern(token));
    else if (!streetTypes.has(token)) words.push(vocabulary.addressWords.intern(token));
  }
  return {
    id: record.id,
    given: vocabulary.names.intern(nameParts(record.givenName)),
    family: vocabulary.names.intern(nameParts(record.familyName)),
    dateOfBirth: dateOfBirthNumber(record.dateOfBirth),
    postcode: vocabulary.postcodes.intern(compactPostcode(record.postcode)),
    addressHash: tokens.length > 0 ? hashString(tokens.sort().join(' ')) : 0,
    addressTokens: numbers.concat(words),
    houseNumberCount: numbers.length,
    nhsNumber: validNhsNumber(record.nhsNumber),
    pncId: validPncId(record.pncId),
    uprn: validUprn(record.uprn),
  };
}
