import { tzOffset } from '@date-fns/tz';
import { calendarDate } from '../../services/contracts';
import { localInstant, previousDate } from '../../services/digest/window';

const zone = 'Europe/London';

/** Epoch milliseconds; start included, end excluded. */
export type DigestWindow = Readonly<{ date: string; start: number; end: number }>;

/**
 * The digest for `date` covers what was reported from 07:00 London time the day before up to
 * 07:00 on the day. Counting in local days makes the window 23 hours long on the last Sunday of
 * March and 25 hours on the last Sunday of October.
 */
export function digestWindow(date: string): DigestWindow {
  if (!calendarDate.safeParse(date).success) throw new Error(`date "${date}" is not a calendar date; write it as YYYY-MM-DD`);
  // The same window the digest job uses for a practitioner's first digest.
  return { date, start: localInstant(previousDate(date)).getTime(), end: localInstant(date).getTime() };
}

const hourMs = 3_600_000;
// London changes offset only on the hour, so one look-up per hour serves every event in it; the
// look-up goes through Intl and is far slower than the formatting.
const offsetMinutesByHour = new Map<number, number>();

/** ISO 8601 with the London offset of that moment, e.g. 2026-03-28T21:15:00.000+00:00. */
export function londonInstant(epochMs: number): string {
  const hour = Math.floor(epochMs / hourMs);
  let offset = offsetMinutesByHour.get(hour);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(hour * hourMs));
    offsetMinutesByHour.set(hour, offset);
  }
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
