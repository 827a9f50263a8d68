import type { SeededRandom } from '../synthetic-council/random';
import { placeholder, swapDayAndMonth, wrongDigit, yearOffByOne } from './date-errors';
import { pickSurname } from './name-lists';
import { nickname, phoneticVariant } from './name-variants';
import type { PersonRecord } from './person';
import type { Home } from './places';
import { anyTypo, ocrError, typo } from './typos';

/**
 * What an agency's record of a person can get wrong, one kind at a time. Each corruption changes a
 * draft in place and says whether it could apply: a nickname needs a name that has one, a
 * day/month swap needs a day of 12 or less, a missing postcode needs a postcode.
 */
export const corruptionKinds = [
  'typo-given', 'typo-family', 'ocr-given', 'ocr-family', 'nickname', 'phonetic-given', 'phonetic-family',
  'surname-half', 'surname-hyphenated', 'surname-changed', 'name-swap', 'initial-only',
  'dob-day-month-swap', 'dob-digit', 'dob-year', 'dob-placeholder', 'missing-dob',
  'missing-postcode', 'missing-address', 'moved', 'address-format', 'typo-address', 'postcode-typo', 'nhs-typo',
] as const;
export type CorruptionKind = (typeof corruptionKinds)[number];

export type Draft = { -readonly [K in keyof PersonRecord]-?: PersonRecord[K] };

export type CorruptionContext = Readonly<{
  random: SeededRandom;
  /** Somewhere else to live, for house moves. */
  newHome: (random: SeededRandom) => Home;
}>;

type Corruption = (draft: Draft, context: CorruptionContext) => boolean;

const replaceGiven = (draft: Draft, value: string | undefined): boolean => {
  if (!value || !draft.givenName || value === draft.givenName) return false;
  draft.givenName = value;
  return true;
};
const replaceFamily = (draft: Draft, value: string | undefined): boolean => {
  if (!value || !draft.familyName || value === draft.familyName) return false;
  draft.familyName = value;
  return true;
};
const replaceDate = (draft: Draft, value: string | undefined): boolean => {
  if (!value || !draft.dateOfBirth || value === draft.dateOfBirth) return false;
  draft.dateOfBirth = value;
  return true;
};
const clear = (field: 'dateOfBirth' | 'postcode' | 'address') => (draft: Draft): boolean => {
  if (draft[field] === null) return false;
  draft[field] = null;
  return true;
};

const abbreviations: readonly (readonly [RegExp, string])[] = [
  [/ Road\b/, ' Rd'], [/ Street\b/, ' St'], [/ Avenue\b/, ' Ave'], [/ Lane\b/, ' Ln'], [/ Close\b/, ' Cl'],
  [/ Crescent\b/, ' Cres'], [/ Gardens\b/, ' Gdns'], [/ street\b/, ' st'], [/ place\b/, ' pl'], [/ road\b/, ' rd'],
];

/** The same address written another way: abbreviated, capitals, a flat number, the town left off. */
function reformatAddress(random: SeededRandom, address: string): string {
  const style = random.int(0, 4);
  if (style === 0) {
    const applicable = abbreviations.filter(([pattern]) => pattern.test(address));
    if (applicable.length > 0) return address.replace(...random.pick(applicable));
  }
  if (style === 1) return address.toUpperCase();
  if (style === 2 && address.includes(',')) return address.slice(0, address.lastIndexOf(','));
  if (style === 3) return `Flat ${random.int(1, 4)}, ${address}`;
  return address.replace(/,/g, '');
}

const corruptions: Readonly<Record<CorruptionKind, Corruption>> = {
  'typo-given': (draft, { random }) => draft.givenName !== null && draft.givenName.length > 2 && replaceGiven(draft, anyTypo(random, draft.givenName)),
  'typo-family': (draft, { random }) => draft.familyName !== null && draft.familyName.length > 2 && replaceFamily(draft, anyTypo(random, draft.familyName)),
  'ocr-given': (draft, { random }) => draft.givenName !== null && replaceGiven(draft, ocrError(random, draft.givenName)),
  'ocr-family': (draft, { random }) => draft.familyName !== null && replaceFamily(draft, ocrError(random, draft.familyName)),
  nickname: (draft, { random }) => draft.givenName !== null && replaceGiven(draft, nickname(random, draft.givenName)),
  'phonetic-given': (draft, { random }) => draft.givenName !== null && replaceGiven(draft, phoneticVariant(random, draft.givenName)),
  'phonetic-family': (draft, { random }) => draft.familyName !== null && replaceFamily(draft, phoneticVariant(random, draft.familyName)),
  // Hunt-Miller recorded as Miller (or Hunt), or Hunt Miller without the hyphen.
  'surname-half': (draft, { random }) => {
    const halves = draft.familyName?.split('-') ?? [];
    if (halves.length < 2) return false;
    return replaceFamily(draft, random.chance(0.2) ? halves.join(' ') : random.pick(halves));
  },
  // Marriage or a new partner: Smith becomes Smith-Jones.
  'surname-hyphenated': (draft, { random }) =>
    draft.familyName !== null && !draft.familyName.includes('-') && replaceFamily(draft, `${draft.familyName}-${pickSurname(random)}`),
  'surname-changed': (draft, { random }) => replaceFamily(draft, pickSurname(random)),
  'name-swap': (draft) => {
    if (!draft.givenName || !draft.familyName) return false;
    [draft.givenName, draft.familyName] = [draft.familyName, draft.givenName];
    return true;
  },
  'initial-only': (draft) => draft.givenName !== null && draft.givenName.length > 1 && replaceGiven(draft, draft.givenName[0]),
  'dob-day-month-swap': (draft) => draft.dateOfBirth !== null && replaceDate(draft, swapDayAndMonth(draft.dateOfBirth)),
  'dob-digit': (draft, { random }) => draft.dateOfBirth !== null && replaceDate(draft, wrongDigit(random, draft.dateOfBirth)),
  'dob-year': (draft, { random }) => draft.dateOfBirth !== null && replaceDate(draft, yearOffByOne(random, draft.dateOfBirth)),
  'dob-placeholder': (draft) => draft.dateOfBirth !== null && replaceDate(draft, placeholder(draft.dateOfBirth)),
  'missing-dob': clear('dateOfBirth'),
  'missing-postcode': clear('postcode'),
  'missing-address': clear('address'),
  moved: (draft, context) => {
    const { address, postcode } = context.newHome(context.random);
    if (address === draft.address) return false;
    draft.address = address;
    draft.postcode = postcode;
    return true;
  },
  'address-format': (draft, { random }) => {
    if (draft.address === null) return false;
    const reformatted = reformatAddress(random, draft.address);
    if (reformatted === draft.address) return false;
    draft.address = reformatted;
    return true;
  },
  'typo-address': (draft, { random }) => {
    if (draft.address === null) return false;
    // Damage a word of letters, not the house number.
    const words = draft.address.split(' ');
    const eligible = words.flatMap((word, index) => (index > 0 && /^[A-Za-z]{3,}/.test(word) ? [index] : []));
    if (eligible.length === 0) return false;
    const at = random.pick(eligible);
    const [, letters, rest] = /^([A-Za-z]+)(.*)$/.exec(words[at]) ?? ['', words[at], ''];
    words[at] = anyTypo(random, letters) + rest;
    draft.address = words.join(' ');
    return true;
  },
  'postcode-typo': (draft, { random }) => {
    if (draft.postcode === null) return false;
    const damaged = random.chance(0.5) ? typo(random, draft.postcode, 'transpose') : ocrError(random, draft.postcode);
    if (damaged === draft.postcode || damaged.trim() === '') return false;
    draft.postcode = damaged;
    return true;
  },
  'nhs-typo': (draft, { random }) => {
    if (!draft.nhsNumber) return false;
    const at = random.int(0, 9);
    draft.nhsNumber = draft.nhsNumber.slice(0, at) + String((Number(draft.nhsNumber[at]) + random.int(1, 9)) % 10) + draft.nhsNumber.slice(at + 1);
    return true;
  },
};

export function draftOf(record: PersonRecord): Draft {
  return { ...record, nhsNumber: record.nhsNumber ?? null };
}

/** Applies one corruption of `kind`; false (and the draft unchanged) when it cannot apply. */
export function corrupt(draft: Draft, kind: CorruptionKind, context: CorruptionContext): boolean {
  return corruptions[kind](draft, context);
}
