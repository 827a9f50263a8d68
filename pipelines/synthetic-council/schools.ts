import { homeEducated, type CohortRow } from '../../services/cohort/csv-format';
import { loadEncompassDirectory } from '../../services/encompass';
import { ageOn, cohortAgeReference } from './people';
import { SeededRandom, seedFrom } from './random';
import { davisFamilyId } from './stories';

/**
 * The roll: which school each school-age child of the synthetic council attends (the cohort CSV's
 * `school_urn`), so a police domestic-abuse incident naming a child reaches a school's DSL.
 *
 * - School age is 4 to 17 on the cohort's age reference day (Reception to Year 13, schools and
 *   colleges alike: Operation Encompass covers both). Children without a date of birth are left
 *   without a school, as a council's roll match would leave them.
 * - Brothers and sisters attend the same school, drawn from a random stream of its own, so adding
 *   schools changed nothing else in a council of a given seed.
 * - The Davis children attend the first school of the register (the demo's story).
 * - Children educated at home: those of the first generated family with school-age children, and in
 *   a council of 100 or more such families, of the middle one too (one or two families, no draws).
 */
export const schoolAge = { from: 4, to: 17 } as const;

let builtIn: readonly string[] | undefined;
/** The URNs of the built-in schools register (services/encompass/schools/default.json), in its order. */
export const defaultSchoolUrns = (): readonly string[] => (builtIn ??= loadEncompassDirectory().register.schools.map((school) => school.urn));

const ofSchoolAge = (row: CohortRow): boolean => {
  if (row.dateOfBirth === undefined) return false;
  const age = ageOn(row.dateOfBirth, cohortAgeReference);
  return age >= schoolAge.from && age <= schoolAge.to;
};

export function withSchools(rows: readonly CohortRow[], schoolUrns: readonly string[], seed: number): CohortRow[] {
  const random = new SeededRandom(seedFrom('schools', seed));
  const families = [...new Set(rows.filter(ofSchoolAge).map((row) => row.familyId))];
  const generated = families.filter((familyId) => familyId !== davisFamilyId && /^F\d+$/.test(familyId));
  const atHome = new Set([generated[0], ...(generated.length >= 100 ? [generated[Math.floor(generated.length / 2)]] : [])]);
  const schoolOf = new Map(
    families.map((familyId) => [familyId, familyId === davisFamilyId ? schoolUrns[0] : atHome.has(familyId) ? homeEducated : random.pick(schoolUrns)]),
  );
  return rows.map((row) => (ofSchoolAge(row) ? { ...row, schoolUrn: schoolOf.get(row.familyId) } : row));
}
