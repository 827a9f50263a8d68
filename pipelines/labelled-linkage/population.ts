import { childDateOfBirth, dateOfBirthForAge } from '../synthetic-council/people';
import { SeededRandom, seedFrom } from '../synthetic-council/random';
import { pickGivenName, pickSurname, type Sex } from './name-lists';
import { NhsNumbers } from './nhs-numbers';
import type { PersonRecord } from './person';
import { home } from './places';

/**
 * A council's cohort as households: people who share a surname and an address, twins who share a
 * date of birth too, a son named after his father. These are the people an engine most easily
 * confuses, so the records generator needs to know who they are: `traits` marks them.
 */
export const trait = { female: 1, twin: 2, namedAfterParent: 4, sharesHousehold: 8, doubleBarrelled: 16, child: 32 } as const;

export type Population = Readonly<{
  people: readonly PersonRecord[];
  /** Bit flags from `trait`, one byte per person. */
  traits: Uint8Array;
  /** The household each person belongs to, for finding relatives. */
  household: Int32Array;
  /** First person of each household (people are stored household by household). */
  householdStart: Int32Array;
  /** The area was planned for this many homes; see `home` and `elsewhere` in places.ts. */
  homes: number;
  nhsNumbers: NhsNumbers;
}>;

export type PopulationOptions = Readonly<{
  size: number;
  seed: number;
  /** Share of cohort members whose NHS number the council holds. */
  nhsShare: number;
  idPrefix?: string;
}>;

type Member = { givenName: string; familyName: string; dateOfBirth: string; traits: number };

const householdSizes = [[1, 8], [2, 20], [3, 25], [4, 22], [5, 15], [6, 10]] as const;
// A little under the mean household size (3.46), so the area planned for the homes is big enough.
const meanHouseholdSize = 3.3;

export function generatePopulation({ size, seed, nhsShare, idPrefix = 'C' }: PopulationOptions): Population {
  const random = new SeededRandom(seedFrom('labelled-linkage', 'population', seed));
  const nhsNumbers = new NhsNumbers(new SeededRandom(seedFrom('labelled-linkage', 'nhs', seed)).int(0, 998_999));
  const homes = Math.ceil(size / meanHouseholdSize) + 10;
  const people: PersonRecord[] = [];
  const traits = new Uint8Array(size);
  const household = new Int32Array(size);
  const starts: number[] = [];
  for (let h = 0; people.length < size; h++) {
    if (h >= homes) throw new Error(`more households than the ${homes} homes planned`);
    const { address, postcode } = home(h, homes);
    starts.push(people.length);
    const members = householdMembers(random).slice(0, size - people.length);
    for (const member of members) {
      const index = people.length;
      traits[index] = member.traits | (members.length > 1 ? trait.sharesHousehold : 0);
      household[index] = h;
      people.push({
        id: `${idPrefix}${String(index + 1).padStart(7, '0')}`,
        givenName: member.givenName,
        familyName: member.familyName,
        // A few cohort members have no date of birth on file; the engine must cope.
        dateOfBirth: random.chance(0.02) ? null : member.dateOfBirth,
        address,
        postcode,
        nhsNumber: random.chance(nhsShare) ? nhsNumbers.forCohort() : null,
      });
    }
  }
  return { people, traits, household, householdStart: Int32Array.from(starts), homes, nhsNumbers };
}

/** The members of one household, adults first. */
function householdMembers(random: SeededRandom): Member[] {
  const size = random.weighted(householdSizes);
  const adultCount = size >= 2 && random.chance(0.45) ? 2 : 1;
  const doubleBarrelled = random.chance(0.05);
  const familyName = doubleBarrelled ? `${pickSurname(random)}-${pickSurname(random)}` : pickSurname(random);
  const surnameTraits = doubleBarrelled ? trait.doubleBarrelled : 0;
  const firstSex: Sex = random.chance(0.8) ? 'female' : 'male';
  const childCount = size - adultCount;
  const firstBorn = childCount > 0 ? dateOfBirthForAge(random, 22, 50) : dateOfBirthForAge(random, 18, 85);
  const adults: (Member & { sex: Sex })[] = [adult(random, firstSex, familyName, firstBorn, surnameTraits)];
  if (adultCount === 2) {
    const sex: Sex = random.chance(0.9) ? (firstSex === 'female' ? 'male' : 'female') : firstSex;
    const ownSurname = random.chance(0.25);
    adults.push(adult(random, sex, ownSurname ? pickSurname(random) : familyName, dateOfBirthForAge(random, 20, 55), ownSurname ? 0 : surnameTraits));
  }
  const children: Member[] = [];
  const father = adults.find((person) => person.sex === 'male');
  for (let i = 0; i < childCount; i++) {
    const sex: Sex = random.chance(0.5) ? 'female' : 'male';
    const twinOf = i > 0 && random.chance(0.08) ? children[i - 1] : undefined;
    let givenName = pickGivenName(random, sex);
    let traits = surnameTraits | trait.child | (sex === 'female' ? trait.female : 0);
    // Junior: the son shares his father's given name and address, with a different date of birth.
    if (sex === 'male' && father && !children.some((child) => child.traits & trait.namedAfterParent) && random.chance(0.1)) {
      givenName = father.givenName;
      traits |= trait.namedAfterParent;
      father.traits |= trait.namedAfterParent;
    }
    // Twins share everything but the given name.
    while (children.some((child) => child.givenName === givenName)) givenName = pickGivenName(random, sex);
    if (twinOf) {
      twinOf.traits |= trait.twin;
      traits |= trait.twin;
    }
    children.push({ givenName, familyName, dateOfBirth: twinOf?.dateOfBirth ?? childDateOfBirth(random, firstBorn), traits });
  }
  return [...adults.map(({ givenName, familyName, dateOfBirth, traits }) => ({ givenName, familyName, dateOfBirth, traits })), ...children];
}

function adult(random: SeededRandom, sex: Sex, familyName: string, dateOfBirth: string, traits: number): Member & { sex: Sex } {
  return { givenName: pickGivenName(random, sex), familyName, dateOfBirth, sex, traits: traits | (sex === 'female' ? trait.female : 0) };
}

/** Everyone in `person`'s household but them. */
export function householdOf(population: Population, index: number): number[] {
  const h = population.household[index];
  const end = h + 1 < population.householdStart.length ? population.householdStart[h + 1] : population.people.length;
  const members: number[] = [];
  for (let i = population.householdStart[h]; i < end; i++) if (i !== index) members.push(i);
  return members;
}
