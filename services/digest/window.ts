import { TZDate } from '@date-fns/tz';
import { addDays, format, formatISO, parseISO } from 'date-fns';

/**
 * Digest windows in England's local time. A digest for date D is issued at the configured time
 * (07:00 Europe/London) on D and covers events reported since the practitioner's previous digest,
 * or since the previous day's issue time for a first digest. On 29 March 2026 the window is 23
 * hours long; on 25 October 2026 it is 25 hours.
 */
export const digestTimeZone = 'Europe/London';
export const defaultIssueTime = { hours: 7, minutes: 0 } as const;

export type IssueTime = Readonly<{ hours: number; minutes: number }>;

/** The instant on local calendar date `date` (YYYY-MM-DD) at `time` in Europe/London. */
export function localInstant(date: string, time: IssueTime = defaultIssueTime): TZDate {
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year, month - 1, day, time.hours, time.minutes, 0, 0, digestTimeZone);
}

/**
 * ISO 8601 with the local offset spelled out, e.g. 2026-03-29T07:00:00+01:00 or ...+00:00 (never Z).
 * Milliseconds are kept when there are any: a cut-off rounded to the second would drop what
 * arrived in its last second.
 */
export function toLocalIso(instant: Date | string): string {
  const date = typeof instant === 'string' ? parseISO(instant) : instant;
  const pattern = date.getMilliseconds() === 0 ? "yyyy-MM-dd'T'HH:mm:ssxxx" : "yyyy-MM-dd'T'HH:mm:ss.SSSxxx";
  return format(new TZDate(date.getTime(), digestTimeZone), pattern);
}

export function previousDate(date: string): string {
  return formatISO(addDays(localInstant(date), -1), { representation: 'date' });
}

export function nextDate(date: string): string {
  return formatISO(addDays(localInstant(date), 1), { representation: 'date' });
}

export type Window = Readonly<{ from: string; to: string }>;

export function digestWindow(date: string, previousWindowEnd: string | null, time: IssueTime = defaultIssueTime): Window {
  const to = localInstant(date, time);
  const from = previousWindowEnd ? parseISO(previousWindowEnd) : localInstant(previousDate(date), time);
  return { from: toLocalIso(from), to: toLocalIso(to) };
}

export function windowHours(window: Window): number {
  return (parseISO(window.to).getTime() - parseISO(window.from).getTime()) / 3_600_000;
}

/** An instant as people in England read it: "07:00 on Saturday 5 December 2026 (Europe/London)". */
export function describeDue(instant: Date): string {
  return `${format(new TZDate(instant.getTime(), digestTimeZone), "HH:mm 'on' EEEE d MMMM yyyy")} (Europe/London)`;
}
