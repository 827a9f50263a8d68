import { z } from 'zod';

/**
 * Which instants and calendar dates an event may carry. Decided here, once, for every topic, the
 * cohort CSV and the command line (the one calendar-date check of live-risk).
 *
 * - Years 1900 to 2100. A date of birth before 1900 belongs to nobody in a cohort, and an incident
 *   in year 0 or 2300 is a typing or system error. It is also well inside what PostgreSQL can store
 *   (4713 BC to 294276 AD), so nothing accepted here can fail there.
 * - UTC offsets up to ±14:00 (the widest in use, Kiribati's +14:00). PostgreSQL refuses offsets past
 *   ±15:59; +23:59, which ISO 8601 syntax allows, is no real place.
 * - The day must exist: 2026-02-29 and 2026-04-31 are refused, 2028-02-29 is fine.
 *
 * The rule is one regular expression each, built below, so the JSON Schema carries all of it as
 * `pattern` (and `format`); messages are worked out only for a value that fails it.
 */
export const plausibleYears = { from: 1900, to: 2100 } as const;

// Leap years in 1900–2100: divisible by 4, except 1900 and 2100 (2000 is one: divisible by 400).
const leapYear = '(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))';
const anyYear = '(?:19\\d\\d|20\\d\\d|2100)';
const monthAndDay = '(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
const day = `(?:${leapYear}-02-29|${anyYear}-${monthAndDay})`;
const timeOfDay = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?';
const offset = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))';

const calendarDatePattern = new RegExp(`^${day}$`);
const instantPattern = new RegExp(`^${day}T${timeOfDay}${offset}$`);

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const yearProblem = (year: string): string | undefined =>
  Number(year) < plausibleYears.from || Number(year) > plausibleYears.to
    ? `year ${year}, which is not plausible: expected ${plausibleYears.from}–${plausibleYears.to}`
    : undefined;

const dayExists = (year: string, month: string, dayOfMonth: string): boolean =>
  Number(month) >= 1 && Number(month) <= 12 && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= daysInMonth(Number(year), Number(month));

/** What is wrong with a YYYY-MM-DD date, phrased to follow a field name, or undefined when it is fine. */
export function calendarDateProblem(value: string): string | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) return 'is not a date written YYYY-MM-DD';
  const [, year, month, dayOfMonth] = parts;
  const problem = yearProblem(year);
  if (problem) return `is in ${problem}`;
  return dayExists(year, month, dayOfMonth) && calendarDatePattern.test(value) ? undefined : 'is not a calendar date';
}

/** What is wrong with an ISO 8601 date-time with offset, phrased to follow a field name, or undefined when it is fine. */
export function instantProblem(value: string): string | undefined {
  const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(value);
  if (!parts) return 'is not an ISO 8601 date-time with a UTC offset, e.g. 2026-03-29T07:00:00+01:00 or 2026-03-29T06:00:00Z';
  const [, year, month, dayOfMonth, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = parts;
  const problem = yearProblem(year);
  if (problem) return `is in ${problem}`;
  if (!dayExists(year, month, dayOfMonth)) return `is on ${year}-${month}-${dayOfMonth}, which is not a calendar date`;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return `is at ${hours}:${minutes}:${seconds}, which is not a time of day`;
  if (sign && (Number(offsetMinutes) > 59 || Number(offsetHours) * 60 + Number(offsetMinutes) > 14 * 60)) {
    return `has offset ${sign}${offsetHours}:${offsetMinutes}, which is not a real UTC offset: expected -14:00 to +14:00`;
  }
  return instantPattern.test(value) ? undefined : 'is not a valid date-time';
}

/** ISO 8601 instant with an explicit offset, e.g. 2026-03-29T07:00:00+01:00 or ...Z. */
export const instant = z
  .string()
  .regex(instantPattern, { error: (issue) => instantProblem(String(issue.input)) ?? 'is not a valid date-time' })
  .meta({ format: 'date-time' })
  .describe(`ISO 8601 date-time with offset (at most ±14:00), years ${plausibleYears.from}–${plausibleYears.to}`);

/** Calendar date, YYYY-MM-DD. */
export const calendarDate = z
  .string()
  .regex(calendarDatePattern, { error: (issue) => calendarDateProblem(String(issue.input)) ?? 'is not a calendar date' })
  .meta({ format: 'date' })
  .describe(`calendar date, YYYY-MM-DD, years ${plausibleYears.from}–${plausibleYears.to}`);
