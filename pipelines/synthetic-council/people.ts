import { femaleGivenNames, maleGivenNames, surnames } from './names';
import type { SeededRandom } from './random';

export type Sex = 'female' | 'male';

const dayMs = 86_400_000;
const yearDays = 365.25;

/** Ages in the synthetic cohort are as at this day, so a council is the same whenever it is made. */
export const cohortAgeReference = '2026-01-01';
const referenceDay = Date.parse(cohortAgeReference) / dayMs;

const dateOfDay = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
const dayOfDate = (date: string): number => Math.floor(Date.parse(date) / dayMs);

/** A date of birth for someone aged between minAge and maxAge (whole years) on the reference day. */
export function dateOfBirthForAge(random: SeededRandom, minAge: number, maxAge: number): string {
  const youngest = Math.floor(minAge * yearDays);
  const oldest = Math.floor((maxAge + 1) * yearDays) - 1;
  return dateOfDay(referenceDay - random.int(youngest, oldest));
}

/** A child's date of birth: mother at least 17 at the birth, child under 18 and over a month old. */
export function childDateOfBirth(random: SeededRandom, parentDateOfBirth: string): string {
  const earliest = Math.max(dayOfDate(parentDateOfBirth) + Math.ceil(17 * yearDays), referenceDay - Math.floor(18 * yearDays) + 1);
  const latest = referenceDay - 31;
  return dateOfDay(earliest >= latest ? latest : random.int(earliest, latest));
}

/** Whole years between a date of birth and a day, both YYYY-MM-DD. */
export function ageOn(dateOfBirth: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  // MM-DD compares correctly as text: not yet had this year's birthday.
  return date.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

export function givenName(random: SeededRandom, sex: Sex): string {
  return random.pick(sex === 'female' ? femaleGivenNames : maleGivenNames);
}

export function surname(random: SeededRandom): string {
  return random.pick(surnames);
}

export const randomSex = (random: SeededRandom): Sex => (random.chance(0.5) ? 'female' : 'male');
