import { tz } from '@date-fns/tz';
import { format, isValid, parse } from 'date-fns';
import { calendarDateProblem, instantProblem } from '../../contracts';

/**
 * Local times as UK extracts write them ("29/03/2026 01:30", Europe/London) to instants with their
 * offset, correct across the clock changes:
 *
 * - a time that never happened (01:00–01:59 on the last Sunday of March, when clocks go forward)
 *   is refused, since we cannot know which real time the system meant;
 * - a time that happened twice (01:00–01:59 on the last Sunday of October) is read as the first,
 *   summer-time occurrence (+01:00), so the same row always gives the same instant.
 */
const utc = tz('UTC');
const iso = "yyyy-MM-dd'T'HH:mm:ssXXX";
const wallClock = "yyyy-MM-dd'T'HH:mm:ss";

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

export function localInstant(value: string, pattern: string, timeZone: string): Parsed {
  const zone = tz(timeZone);
  // The wall-clock fields as written, read in UTC, where every time of day exists.
  const written = parse(value, pattern, new Date(0), { in: utc });
  if (!isValid(written)) return { ok: false, message: `"${value}" is not a date and time written ${pattern}` };
  const wall = format(written, wallClock, { in: utc });
  const zoned = parse(value, pattern, new Date(0), { in: zone });
  if (format(zoned, wallClock, { in: zone }) !== wall) {
    return { ok: false, message: `"${value}" did not happen in ${timeZone}: the clocks went forward over it; check the time in the source system` };
  }
  const hourEarlier = new Date(zoned.getTime() - 3_600_000);
  const instant = format(hourEarlier, wallClock, { in: zone }) === wall ? hourEarlier : zoned;
  const result = format(instant, iso, { in: zone });
  const problem = instantProblem(result);
  return problem ? { ok: false, message: `"${value}" ${problem}` } : { ok: true, value: result };
}

/** A calendar date (a date of birth) written in the agency's format, as YYYY-MM-DD. */
export function calendarDate(value: string, pattern: string): Parsed {
  const written = parse(value, pattern, new Date(0), { in: utc });
  if (!isValid(written)) return { ok: false, message: `"${value}" is not a date written ${pattern}` };
  const result = format(written, 'yyyy-MM-dd', { in: utc });
  const problem = calendarDateProblem(result);
  return problem ? { ok: false, message: `"${value}" ${problem}` } : { ok: true, value: result };
}
