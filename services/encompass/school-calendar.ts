import { join } from 'node:path';
import { z } from 'zod';
import { calendarDate, narrative, text } from '../contracts';
import { localInstant, nextDate } from '../digest/window';
import { londonDateOf } from '../scheduler/schedule';
import { loadJsonDocument, type IssueSink, type JsonFileHints } from '../platform/json-file';

/**
 * School calendars as data: a versioned JSON file, validated when a process starts.
 *
 *   { "version": "2026.1", "effectiveFrom": "2026-01-01", "description": "...",
 *     "calendars": { "avonford-council": { "name": "...", "schoolDayStarts": "08:45",
 *         "terms": [ { "name": "Autumn 2026", "from": "2026-09-03", "to": "2026-12-18" } ],
 *         "closures": [ { "from": "2026-10-26", "to": "2026-10-30", "why": "half term" } ] } } }
 *
 * A school day is a weekday inside a term and outside every closure (half terms, bank holidays,
 * training days); it starts at `schoolDayStarts`, wall-clock time in Europe/London.
 */
const dateRange = { from: calendarDate, to: calendarDate };
const inOrder = (range: { from: string; to: string }) => range.from <= range.to;

const calendarSchema = z
  .object({
    name: text({ min: 1, max: 200 }),
    schoolDayStarts: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour local time such as 08:45'),
    terms: z.array(z.object({ name: text({ min: 1, max: 100 }), ...dateRange }).strict().refine(inOrder, 'a term must end on or after the day it starts')).min(1),
    closures: z.array(z.object({ ...dateRange, why: text({ min: 1, max: 200 }) }).strict().refine(inOrder, 'a closure must end on or after the day it starts')).default([]),
  })
  .strict();
export type SchoolCalendar = Readonly<z.infer<typeof calendarSchema>>;

export const calendarsSchema = z
  .object({
    version: text({ min: 1, max: 50 }),
    effectiveFrom: calendarDate,
    description: narrative({ max: 2000 }).default(''),
    calendars: z.record(z.string().regex(/^[a-z0-9-]{1,60}$/, 'calendar ids are lower-case letters, digits and dashes'), calendarSchema),
  })
  .strict();
export type SchoolCalendars = Readonly<z.infer<typeof calendarsSchema>>;

export const builtInCalendarsFile = join(__dirname, 'calendars', 'default.json');

const hints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_SCHOOL_CALENDARS_FILE names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in calendars are services/encompass/calendars/default.json',
  invalid: 'fix the file (see "Operation Encompass" in README.md), or unset LIVE_RISK_SCHOOL_CALENDARS_FILE to use the built-in calendars',
};

export function loadSchoolCalendars(file: string = builtInCalendarsFile): SchoolCalendars {
  return loadJsonDocument(calendarsSchema, file, 'the school calendars', hints);
}

/** For the schools register's cross-check: every calendar a school names must exist. */
export function checkCalendarNamed(calendars: SchoolCalendars, id: string, path: (string | number)[], context: IssueSink): void {
  if (!Object.prototype.hasOwnProperty.call(calendars.calendars, id)) {
    context.addIssue({ code: 'custom', path, message: `no calendar ${id} in the school calendars (${Object.keys(calendars.calendars).join(', ')})` });
  }
}

const within = (date: string, range: { from: string; to: string }) => range.from <= date && date <= range.to;
const lastTermEnds = (calendar: SchoolCalendar) => calendar.terms.reduce((last, term) => (term.to > last ? term.to : last), '');

/** Monday to Friday, by the calendar date itself (noon UTC is the same day everywhere in Europe). */
const isWeekday = (date: string) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());

/**
 * Whether `date` is a school day. After the calendar's last term, every weekday is: an out-of-date
 * calendar then gives deadlines too early rather than too late, and the report shows it.
 */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (!isWeekday(date)) return false;
  if (calendar.closures.some((closure) => within(date, closure))) return false;
  return date > lastTermEnds(calendar) || calendar.terms.some((term) => within(date, term));
}

/**
 * The Encompass deadline of an incident: the start of the first school day that starts after it
 * ("before the start of the next school day", weekends and holidays included). An incident at 22:00
 * on a Friday in term is due at 08:45 on Monday; one at 07:00 on a school day by 08:45 that day;
 * one in the summer holiday on the first day of the autumn term. Wall-clock time in Europe/London,
 * so the clocks changing in between moves the instant, never the time on the school's clock.
 */
export function deadlineFor(calendar: SchoolCalendar, occurredAt: Date): Date {
  const [hours, minutes] = calendar.schoolDayStarts.split(':').map(Number);
  // A year and a half of days is more than any holiday; the weekday rule past the last term ends it sooner.
  for (let date = londonDateOf(occurredAt), days = 0; days < 550; date = nextDate(date), days += 1) {
    const starts = localInstant(date, { hours, minutes });
    if (starts.getTime() > occurredAt.getTime() && isSchoolDay(calendar, date)) return new Date(starts.getTime());
  }
  throw new Error(`no school day within 550 days of ${occurredAt.toISOString()} in ${calendar.name}`);
}
