import { localInstant, toLocalIso } from '../digest/window';

/**
 * A criterion looks back over whole calendar days in England ending on the report's as-of date:
 * "within 365 days" as of 2026-03-29 is 2025-03-30 to 2026-03-29 inclusive, from local midnight to
 * local midnight, so a 23- or 25-hour day in spring or autumn is still one day.
 */
export type Period = Readonly<{
  /** First and last calendar dates, inclusive, as a report states them. */
  firstDate: string;
  lastDate: string;
  /** The instants the events' occurredAt are compared with, [from, to). */
  from: number;
  to: number;
}>;

const dayMs = 86_400_000;

/** A calendar date `days` after (or before, if negative) `date`; arithmetic on the date alone, no time zone. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day) + days * dayMs).toISOString().slice(0, 10);
}

const midnight = { hours: 0, minutes: 0 } as const;

export function periodEnding(asOf: string, withinDays: number): Period {
  const firstDate = addCalendarDays(asOf, 1 - withinDays);
  return { firstDate, lastDate: asOf, from: +localInstant(firstDate, midnight), to: +localInstant(addCalendarDays(asOf, 1), midnight) };
}

/**
 * How far history was known: the end of the as-of date, or, for a report run on that day, the moment
 * it ran. An event that reached us after it (the broker's timestamp) is not in the report, so running
 * it again later for the same as-of date gives the same report.
 */
export function knownAt(asOf: string, now: Date): string {
  const endOfDay = periodEnding(asOf, 1).to;
  return toLocalIso(new Date(Math.min(endOfDay, now.getTime())));
}
