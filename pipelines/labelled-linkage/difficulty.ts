import type { CorruptionKind } from './corruptions';

/**
 * What each difficulty level means, as weights. `realistic` is our guess at a police or housing
 * feed against a council cohort: most records say who the person is with one or two slips, a
 * third of them are about people outside the cohort, and many of those live at, or share a name
 * with, someone inside it. `hard` is a bad feed on a bad day. None of this is measured data.
 */
export type OutsiderKind = 'stranger' | 'near-miss-household' | 'namesake' | 'relative' | 'near-miss-twin';

export type Profile = Readonly<{
  /** Share of records about people not in the cohort. */
  outsiderShare: number;
  outsiders: readonly (readonly [OutsiderKind, number])[];
  /** How many corruptions a record gets. */
  corruptionCount: readonly (readonly [number, number])[];
  corruptions: readonly (readonly [CorruptionKind, number])[];
  /** Share of records that carry an NHS number when the person has one. */
  nhsShare: number;
}>;

const nameSlips: readonly (readonly [CorruptionKind, number])[] = [
  ['typo-given', 8], ['typo-family', 8], ['ocr-given', 2], ['ocr-family', 2], ['nickname', 8], ['phonetic-given', 5], ['phonetic-family', 5],
];

export const profiles: Readonly<Record<'easy' | 'realistic' | 'hard', Profile>> = {
  easy: {
    outsiderShare: 0.2,
    outsiders: [['stranger', 70], ['near-miss-household', 15], ['namesake', 10], ['relative', 5]],
    corruptionCount: [[0, 55], [1, 40], [2, 5]],
    corruptions: [
      ...nameSlips, ['address-format', 10], ['missing-postcode', 5], ['missing-address', 3], ['moved', 5],
      ['dob-day-month-swap', 3], ['missing-dob', 3], ['surname-half', 2],
    ],
    nhsShare: 0.3,
  },
  realistic: {
    outsiderShare: 0.3,
    outsiders: [['stranger', 50], ['near-miss-household', 25], ['namesake', 12], ['relative', 10], ['near-miss-twin', 3]],
    corruptionCount: [[0, 30], [1, 40], [2, 22], [3, 8]],
    corruptions: [
      ...nameSlips, ['address-format', 8], ['missing-postcode', 5], ['missing-address', 4], ['moved', 8], ['typo-address', 3], ['postcode-typo', 3],
      ['dob-day-month-swap', 4], ['dob-digit', 4], ['dob-year', 3], ['dob-placeholder', 2], ['missing-dob', 4],
      ['surname-half', 3], ['surname-hyphenated', 2], ['surname-changed', 1], ['name-swap', 2], ['initial-only', 1], ['nhs-typo', 1],
    ],
    nhsShare: 0.15,
  },
  hard: {
    outsiderShare: 0.4,
    outsiders: [['stranger', 30], ['near-miss-household', 30], ['namesake', 15], ['relative', 17], ['near-miss-twin', 8]],
    corruptionCount: [[0, 10], [1, 25], [2, 35], [3, 20], [4, 10]],
    corruptions: [
      ...nameSlips, ['address-format', 6], ['missing-postcode', 6], ['missing-address', 6], ['moved', 10], ['typo-address', 4], ['postcode-typo', 4],
      ['dob-day-month-swap', 5], ['dob-digit', 5], ['dob-year', 4], ['dob-placeholder', 3], ['missing-dob', 6],
      ['surname-half', 4], ['surname-hyphenated', 3], ['surname-changed', 3], ['name-swap', 4], ['initial-only', 3], ['nhs-typo', 2],
    ],
    nhsShare: 0.1,
  },
};

/**
 * The FEBRL-like preset: every record is a corrupted copy of exactly one original, with one to
 * five modifications and no identifiers, roughly the shape of FEBRL's dataset 4 (5,000 originals,
 * 5,000 duplicates). No FEBRL data is used; only the shape is mimicked.
 */
export const febrlLike = {
  corruptionCount: [[1, 40], [2, 30], [3, 18], [4, 8], [5, 4]],
  corruptions: [
    ['typo-given', 12], ['typo-family', 12], ['ocr-given', 4], ['ocr-family', 4], ['phonetic-given', 6], ['phonetic-family', 6],
    ['nickname', 4], ['name-swap', 2], ['dob-digit', 8], ['dob-day-month-swap', 3], ['missing-dob', 3], ['address-format', 8],
    ['typo-address', 8], ['missing-address', 4], ['postcode-typo', 6], ['missing-postcode', 3],
  ],
} as const satisfies Pick<Profile, 'corruptionCount' | 'corruptions'>;
