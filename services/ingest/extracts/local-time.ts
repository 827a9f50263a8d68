import { tzOffset } from '@date-fns/tz';
import { isValid, parse } from 'date-fns';
import { calendarDateProblem, instantProblem } from '../../contracts';

/**
 * Local times as UK extracts write them ("29/03/2026 01:30", Europe/London) to instants with their
 * offset, correct across the clock changes:
 *
 * - a time that never happened (01:00–01:59 on the last Sunday of March, when clocks go forward)
 *   is refused, since we cannot know which real time the system meant;
 * - a time that happened twice (01:00–01:59 on the last Sunday of October) is read as the first,
 *   summer-time occurrence (+01:00), so the same row always gives the same instant.
 *
 * The text is read by date-fns `parse` into a wall clock (a Date whose fields are UTC, so every
 * time of day exists), then placed in the zone with @date-fns/tz's `tzOffset`. That is a handful
 * of offset look-ups per value, cached by quarter hour: TZDate would make dozens (each an Intl
 * call) and cap a 100,000-row extract at about a thousand rows a second.
 */

/** A Date read and set in UTC: the wall clock exactly as written, with no zone to skip or repeat an hour. */
class WallClock extends Date {
  override getFullYear(): number { return this.getUTCFullYear(); }
  override getMonth(): number { return this.getUTCMonth(); }
  override getDate(): number { return this.getUTCDate(); }
  override getDay(): number { return this.getUTCDay(); }
  override getHours(): number { return this.getUTCHours(); }
  override getMinutes(): number { return this.getUTCMinutes(); }
  override getSeconds(): number { return this.getUTCSeconds(); }
  override getMilliseconds(): number { return this.getUTCMilliseconds(); }
  override getTimezoneOffset(): number { return 0; }
  override setFullYear(...args: [number, number?, number?]): number { return this.setUTCFullYear(...(args as [number])); }
  override setMonth(...args: [number, number?]): number { return this.setUTCMonth(...(args as [number])); }
  override setDate(date: number): number { return this.setUTCDate(date); }
  override setHours(...args: [number, number?, number?, number?]): number { return this.setUTCHours(...(args as [number])); }
  override setMinutes(...args: [number, number?, number?]): number { return this.setUTCMinutes(...(args as [number])); }
  override setSeconds(...args: [number, number?]): number { return this.setUTCSeconds(...(args as [number])); }
  override setMilliseconds(ms: number): number { return this.setUTCMilliseconds(ms); }
}

export type Parsed = { ok: true; value: string } | { ok: false; message: string };

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;

/** Zone offsets in minutes by zone and quarter hour; zones change offset on whole quarter hours. */
const offsets = new Map<string, Map<number, number>>();
function offsetAt(timeZone: string, instant: number): number {
  const zone = offsets.get(timeZone) ?? offsets.set(timeZone, new Map()).get(timeZone)!;
  const quarter = Math.floor(instant / QUARTER);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    if (zone.size >= 10_000) zone.clear();
    offset = tzOffset(timeZone, new Date(instant));
    zone.set(quarter, offset);
  }
  return offset;
}

/**
 * The wall clock of a value as written, in ms as if it were UTC, or NaN. date-fns `parse` is most
 * of the cost of a row, and an extract repeats values (the same dates of birth, the same day), so
 * the last few thousand results are kept.
 */
const wallClocks = new Map<string, number>();
function wallClock(value: string, pattern: string): number {
  const key = `${pattern}\u0000${value}`;
  let wall = wallClocks.get(key);
  if (wall === undefined) {
    const parsed = parse(value, pattern, new WallClock(0));
    wall = isValid(parsed) ? parsed.getTime() : NaN;
    if (wallClocks.size >= 20_000) wallClocks.clear();
    wallClocks.set(key, wall);
  }
  return wall;
}

const offsetText = (minutes: number): string =>
  minutes === 0 ? 'Z' : `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;

export function localInstant(value: string, pattern: string, timeZone: string): Parsed {
  const wall = wallClock(value, pattern);
  if (Number.isNaN(wall)) return { ok: false, message: `"${value}" is not a date and time written ${pattern}` };
  // The offsets in force a day either side; the wall time is real under one of them, both (the
  // hour repeated in autumn: the earlier instant wins) or neither (the hour skipped in spring).
  const before = offsetAt(timeZone, wall - DAY);
  const after = offsetAt(timeZone, wall + DAY);
  // No clock change within a day either side (all but two days a year): that offset it is.
  const candidates = before === after ? [before] : [before, after].sort((a, b) => b - a).filter((offset) => offsetAt(timeZone, wall - offset * MINUTE) === offset);
  if (candidates.length === 0) {
    return { ok: false, message: `"${value}" did not happen in ${timeZone}: the clocks went forward over it; check the time in the source system` };
  }
  const result = `${new Date(wall).toISOString().slice(0, 19)}${offsetText(candidates[0])}`;
  const problem = instantProblem(result);
  return problem ? { ok: false, message: `"${value}" ${problem}` } : { ok: true, value: result };
}

/** A calendar date (a date of birth) written in the agency's format, as YYYY-MM-DD. */
export function calendarDate(value: string, pattern: string): Parsed {
  const wall = wallClock(value, pattern);
  if (Number.isNaN(wall)) return { ok: false, message: `"${value}" is not a date written ${pattern}` };
  const result = new Date(wall).toISOString().slice(0, 10);
  const problem = calendarDateProblem(result);
  return problem ? { ok: false, message: `"${value}" ${problem}` } : { ok: true, value: result };
}
