import type { Practitioner } from '../../services/contracts';
import type { CohortConsent, CohortRow } from '../../services/cohort/csv-format';
import { cohortHome } from './addresses';
import { personKey } from './cohort-index';
import { CohortIdentifiers } from './identifiers';
import { localities, teamAreas } from './names';
import { childDateOfBirth, dateOfBirthForAge, givenName, randomSex, surname, type Sex } from './people';
import { SeededRandom, seedFrom } from './random';
import { defaultSchoolUrns, withSchools } from './schools';
import { storyFamilyRows } from './stories';

/** A team of practitioners and the one of them who manages it (their portal account gets the team-manager role). */
export type SyntheticTeam = { name: string; managerId: string; practitionerIds: string[] };
export type SyntheticCouncil = { rows: CohortRow[]; practitioners: Practitioner[]; teams: SyntheticTeam[] };
export type CouncilOptions = { families?: number; seed?: number };

type Person = { givenName: string; familyName: string; dateOfBirth: string; sex: Sex; adult: boolean };

const familySizes = [[1, 8], [2, 20], [3, 25], [4, 22], [5, 15], [6, 10]] as const;
const safeguardingJustification = 'MASH strategy discussion: risk of significant harm to a child; consent would increase the risk';
const consents: readonly (readonly [CohortConsent, number])[] = [['consent', 80], ['public-task', 14], ['vital-interests', 2], ['none', 4]];

/**
 * A synthetic family-support cohort: `families` households (at least the two story families, which
 * come first) with one lead practitioner per 15-25 families, and its school-age children on the
 * rolls of the built-in schools register (schools.ts). The same seed always gives the same
 * council. Time and memory grow linearly with `families`.
 */
export function generateCouncil({ families = 300, seed = 1 }: CouncilOptions = {}): SyntheticCouncil {
  const random = new SeededRandom(seedFrom('council', seed));
  const identifiers = new CohortIdentifiers(new SeededRandom(seedFrom('identifiers', seed)));
  const practitioners = practitionersFor(random, Math.max(families, 2));
  const rows: CohortRow[] = [];
  let practitionerIndex = 0;
  let caseload = practitioners[0].caseload - 2;
  rows.push(...storyFamilyRows(practitioners[0].practitioner));
  // Name and date of birth is a matching key, so no two members share both (see uniqueIdentity).
  const identities = new Set(rows.map(personKey));

  const generated = Math.max(0, families - 2);
  for (let household = 0; household < generated; household++) {
    if (caseload === 0) caseload = practitioners[++practitionerIndex].caseload;
    caseload--;
    const familyNumber = String(household + 1).padStart(6, '0');
    const { street, number } = cohortHome(random, household, generated);
    const family = {
      familyId: `F${familyNumber}`,
      familyReference: `SF-${familyNumber}`,
      leadPractitionerId: practitioners[practitionerIndex].practitioner.practitionerId,
      leadPractitionerName: practitioners[practitionerIndex].practitioner.name,
      leadPractitionerEmail: practitioners[practitionerIndex].practitioner.email,
      leadPractitionerTeam: practitioners[practitionerIndex].practitioner.team,
      addressLine1: `${number} ${street.name}`,
      ...(random.chance(0.15) && { addressLine2: random.pick(localities) }),
      ...(random.chance(0.95) && { town: street.town }),
      postcode: street.postcode,
      ...(random.chance(0.9) && { uprn: identifiers.nextHouseholdUprn() }),
      consent: random.weighted(consents),
    };
    // Sharing without consent on safeguarding grounds is recorded with its reason (no extra random
    // draw, so the rest of the council stays as it was).
    const withJustification = family.consent === 'vital-interests' ? { consentJustification: safeguardingJustification } : {};
    householdMembers(random).forEach((person, index) => {
      const known = uniqueIdentity(random, person, identities);
      const nhsNumber = random.chance(0.92) ? identifiers.nextNhsNumber() : undefined;
      const firstRecordYear = Math.min(2025, Number(person.dateOfBirth.slice(0, 4)) + random.int(14, 30));
      const pncId = person.adult && random.chance(0.18) ? identifiers.nextPncId(firstRecordYear) : undefined;
      rows.push({
        ...family,
        ...withJustification,
        memberId: `${family.familyId}-M${index + 1}`,
        givenName: person.givenName,
        familyName: person.familyName,
        // A few records lack a date of birth; the matcher must cope.
        ...(known && random.chance(0.98) && { dateOfBirth: person.dateOfBirth }),
        ...(nhsNumber !== undefined && { nhsNumber }),
        ...(pncId !== undefined && { pncId }),
      });
    });
  }
  return {
    rows: withSchools(rows, defaultSchoolUrns(), seed),
    practitioners: practitioners.map(({ practitioner }) => practitioner),
    teams: teamsOf(practitioners.map(({ practitioner }) => practitioner)),
  };
}

/** The teams practitioners were put in (teamFor), each managed by its first practitioner. */
function teamsOf(practitioners: readonly Practitioner[]): SyntheticTeam[] {
  const teams = new Map<string, SyntheticTeam>();
  for (const { practitionerId, team } of practitioners) {
    const name = team as string;
    const known = teams.get(name);
    if (known) known.practitionerIds.push(practitionerId);
    else teams.set(name, { name, managerId: practitionerId, practitionerIds: [practitionerId] });
  }
  return [...teams.values()];
}

/**
 * Redraws the given name until name and date of birth are unused in the cohort, so an event
 * naming a member by name and date of birth concerns exactly one family, as the generator's truth
 * says. False (record no date of birth) in the practically impossible case that no name is free.
 */
function uniqueIdentity(random: SeededRandom, person: Person, identities: Set<string>): boolean {
  for (let attempt = 0; attempt < 50; attempt++) {
    const key = personKey(person);
    if (!identities.has(key)) {
      identities.add(key);
      return true;
    }
    person.givenName = givenName(random, person.sex);
  }
  return false;
}

/**
 * One or two adults and their children, adults first and children oldest first. Most share one
 * surname; sometimes the second adult keeps their own. Now and then two children are twins.
 */
function householdMembers(random: SeededRandom): Person[] {
  const size = random.weighted(familySizes);
  const adultCount = size >= 2 && random.chance(0.45) ? 2 : 1;
  const childCount = size - adultCount;
  const familyName = surname(random);
  const firstSex: Sex = random.chance(0.85) ? 'female' : 'male';
  const first = childCount > 0 ? dateOfBirthForAge(random, 22, 50) : dateOfBirthForAge(random, 18, 70);
  const people: Person[] = [{ givenName: givenName(random, firstSex), familyName, dateOfBirth: first, sex: firstSex, adult: true }];
  if (adultCount === 2) {
    const secondSex: Sex = random.chance(0.9) ? (firstSex === 'female' ? 'male' : 'female') : firstSex;
    people.push({
      givenName: givenName(random, secondSex),
      familyName: random.chance(0.25) ? surname(random) : familyName,
      dateOfBirth: dateOfBirthForAge(random, 20, 55),
      sex: secondSex,
      adult: true,
    });
  }
  const children: Person[] = [];
  for (let i = 0; i < childCount; i++) {
    const twin = i > 0 && random.chance(0.04);
    const dateOfBirth = twin ? children[i - 1].dateOfBirth : childDateOfBirth(random, first);
    const sex = randomSex(random);
    children.push({ givenName: givenName(random, sex), familyName, dateOfBirth, sex, adult: false });
  }
  children.sort((a, b) => a.dateOfBirth.localeCompare(b.dateOfBirth));
  return [...people, ...children];
}

/**
 * Practitioners in order, four to a team, so teams take no random draws and every council from
 * before teams is otherwise unchanged.
 */
const practitionersPerTeam = 4;
const teamFor = (index: number): string => {
  const team = Math.floor(index / practitionersPerTeam);
  const name = `${teamAreas[team % teamAreas.length]} Family Help`;
  return team < teamAreas.length ? name : `${name} ${Math.floor(team / teamAreas.length) + 1}`;
};

/** Practitioners with caseloads of 15-25 that together cover every family. */
function practitionersFor(random: SeededRandom, families: number): { practitioner: Practitioner; caseload: number }[] {
  const result: { practitioner: Practitioner; caseload: number }[] = [];
  const emailsTaken = new Map<string, number>();
  for (let covered = 0; covered < families; ) {
    const caseload = Math.min(random.int(15, 25), families - covered);
    covered += caseload;
    const given = givenName(random, randomSex(random));
    const family = surname(random);
    const local = `${given}.${family}`.toLowerCase().replace(/[^a-z.-]/g, '');
    const seen = (emailsTaken.get(local) ?? 0) + 1;
    emailsTaken.set(local, seen);
    result.push({
      practitioner: {
        practitionerId: `P${String(result.length + 1).padStart(3, '0')}`,
        name: `${given} ${family}`,
        email: `${local}${seen > 1 ? seen : ''}@council.example`,
        team: teamFor(result.length),
      },
      caseload,
    });
  }
  return result;
}
