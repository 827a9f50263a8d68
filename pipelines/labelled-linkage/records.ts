import { dateOfBirthForAge } from '../synthetic-council/people';
import { SeededRandom, seedFrom } from '../synthetic-council/random';
import { corrupt, draftOf, type CorruptionContext, type CorruptionKind, type Draft } from './corruptions';
import type { OutsiderKind, Profile } from './difficulty';
import { isVeryCommonSurname, pickGivenName, pickSurname, type Sex } from './name-lists';
import type { LabelledRecord } from './person';
import { elsewhere } from './places';
import { householdOf, trait, type Population } from './population';

export type RecordOptions = Readonly<{
  count: number;
  seed: number;
  /** One profile, or several (a mixed feed): each record takes one at random and is tagged `level:<name>`. */
  profiles: readonly (readonly [string, Profile])[];
  /** Overrides each profile's share of records carrying an NHS number (0: no identifiers at all). */
  nhsShare?: number;
  idPrefix?: string;
}>;

/**
 * Agency records against a cohort: each is about a cohort member (drawn with replacement, so one
 * person can appear in several records) or about someone outside the cohort, and is then damaged
 * by a few corruptions from the profile. `cases` says what happened, so a report can say which
 * kinds of record the engine gets wrong.
 */
export function generateRecords(population: Population, options: RecordOptions): LabelledRecord[] {
  const levels = options.profiles.map(([level]) => level).join('+');
  const random = new SeededRandom(seedFrom('labelled-linkage', 'records', levels, options.seed));
  const context: CorruptionContext = { random, newHome: (r) => elsewhere(r, population.homes) };
  const records: LabelledRecord[] = [];
  const prefix = options.idPrefix ?? 'R';
  for (let i = 0; i < options.count; i++) {
    const id = `${prefix}${String(i + 1).padStart(7, '0')}`;
    const [level, profile] = options.profiles.length === 1 ? options.profiles[0] : random.pick(options.profiles);
    const nhsShare = options.nhsShare ?? profile.nhsShare;
    const outsider = random.chance(profile.outsiderShare);
    const { draft, cohortId, cases } = outsider
      ? outsiderDraft(random, population, random.weighted(profile.outsiders), nhsShare)
      : memberDraft(random, population, nhsShare);
    draft.id = id;
    const applied = applyCorruptions(draft, random.weighted(profile.corruptionCount), profile.corruptions, context, outsider);
    // "exact": the record says exactly what the cohort says about the person.
    const exact = applied.length === 0 && !outsider ? ['exact'] : [];
    records.push({ record: draft, cohortId, cases: [`level:${level}`, ...cases, ...applied, ...exact, `corruptions:${applied.length}`] });
  }
  return records;
}

/** `count` different corruptions drawn by weight; kinds that cannot apply are skipped. */
export function applyCorruptions(
  draft: Draft,
  count: number,
  weights: readonly (readonly [CorruptionKind, number])[],
  context: CorruptionContext,
  outsider = false,
): CorruptionKind[] {
  const applied: CorruptionKind[] = [];
  // A move says nothing about whether an outsider is who they seem; keep them where they were put.
  const usable = outsider ? weights.filter(([kind]) => kind !== 'moved') : weights;
  for (let attempt = 0; applied.length < count && attempt < count * 6; attempt++) {
    const kind = context.random.weighted(usable);
    if (!applied.includes(kind) && corrupt(draft, kind, context)) applied.push(kind);
  }
  return applied;
}

type Drafted = { draft: Draft; cohortId: string | null; cases: string[] };

const traitCases: readonly (readonly [number, string])[] = [
  [trait.twin, 'twin'], [trait.namedAfterParent, 'named-after-parent'], [trait.sharesHousehold, 'shares-household'],
  [trait.doubleBarrelled, 'double-barrelled'], [trait.child, 'child'],
];

function memberDraft(random: SeededRandom, population: Population, nhsShare: number): Drafted {
  const index = random.int(0, population.people.length - 1);
  const person = population.people[index];
  const draft = draftOf(person);
  if (!random.chance(nhsShare)) draft.nhsNumber = null;
  const cases = traitCases.filter(([bit]) => population.traits[index] & bit).map(([, label]) => label);
  if (person.familyName && isVeryCommonSurname(person.familyName)) cases.push('common-surname');
  return { draft, cohortId: person.id, cases };
}

/** Someone not in the cohort; most kinds are built to be mistaken for a cohort member. */
function outsiderDraft(random: SeededRandom, population: Population, kind: OutsiderKind, nhsShare: number): Drafted {
  const index = random.int(0, population.people.length - 1);
  const member = population.people[index];
  const sex: Sex = random.chance(0.5) ? 'female' : 'male';
  const nhsNumber = random.chance(nhsShare) ? population.nhsNumbers.forOutsider() : null;
  const takenNames = new Set([member, ...householdOf(population, index).map((i) => population.people[i])].map((p) => p.givenName));
  const newGivenName = (initial?: string): string => freshGivenName(random, sex, takenNames, initial);
  const base: Draft = { id: '', givenName: null, familyName: null, dateOfBirth: null, address: member.address, postcode: member.postcode, nhsNumber };
  const memberBorn = member.dateOfBirth ?? dateOfBirthForAge(random, 0, 80);
  switch (kind) {
    case 'stranger': {
      const { address, postcode } = elsewhere(random, population.homes);
      Object.assign(base, { givenName: pickGivenName(random, sex), familyName: pickSurname(random), dateOfBirth: dateOfBirthForAge(random, 0, 85), address, postcode });
      break;
    }
    // A lodger, a grown-up child or a partner the council does not support, at a cohort home.
    case 'near-miss-household':
      Object.assign(base, { givenName: newGivenName(), familyName: member.familyName, dateOfBirth: dateOfBirthForAge(random, 0, 80) });
      break;
    // Same name, different person: born on another day at least two years apart, living elsewhere.
    case 'namesake': {
      const { address, postcode } = elsewhere(random, population.homes);
      Object.assign(base, { givenName: member.givenName, familyName: member.familyName, dateOfBirth: shiftDays(memberBorn, random.pick([-1, 1]) * random.int(2 * 365, 30 * 365)), address, postcode });
      break;
    }
    // A brother or cousin: same surname, a name that starts the same where one exists, born
    // between ten months and four years apart (on another day: siblings rarely share a birthday).
    case 'relative': {
      const home = random.chance(0.5) ? elsewhere(random, population.homes) : member;
      Object.assign(base, {
        givenName: newGivenName(member.givenName?.[0]), familyName: member.familyName,
        dateOfBirth: shiftDays(memberBorn, random.pick([-1, 1]) * random.int(300, 4 * 365)), address: home.address, postcode: home.postcode,
      });
      break;
    }
    // The twin the council does not support: everything shared but the given name.
    case 'near-miss-twin':
      Object.assign(base, { givenName: newGivenName(), familyName: member.familyName, dateOfBirth: memberBorn });
      break;
  }
  return { draft: base, cohortId: null, cases: ['outsider', `outsider-${kind}`] };
}

/** A given name nobody in the household has, starting with `initial` if one turns up. */
function freshGivenName(random: SeededRandom, sex: Sex, taken: ReadonlySet<string | null>, initial?: string): string {
  let fallback: string | undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    const name = pickGivenName(random, sex);
    if (taken.has(name)) continue;
    if (!initial || name[0] === initial) return name;
    fallback ??= name;
    if (attempt >= 40) return fallback;
  }
  return fallback ?? pickGivenName(random, sex === 'female' ? 'male' : 'female');
}

const dayMs = 86_400_000;
const earliestBirth = Date.parse('1920-01-01');
const latestBirth = Date.parse('2025-12-31');

/** The date `days` days later (earlier if negative), turned round if that would leave 1920-2025. */
function shiftDays(date: string, days: number): string {
  const day = Date.parse(date);
  const shifted = day + days * dayMs >= earliestBirth && day + days * dayMs <= latestBirth ? day + days * dayMs : day - days * dayMs;
  return new Date(Math.min(latestBirth, Math.max(earliestBirth, shifted))).toISOString().slice(0, 10);
}
