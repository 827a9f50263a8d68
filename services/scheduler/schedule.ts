import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { digestTimeZone, localInstant, nextDate, previousDate, type IssueTime } from '../digest/window';

/**
 * When digests are due, in Europe/London wall-clock time. Pure, so the two clock-change days of each
 * year can be tested without waiting for them: 07:00 is 06:00 UTC in summer and 07:00 UTC in winter,
 * and the windows either side of a change are 23 or 25 hours long.
 */
export function londonDateOf(instant: Date): string {
  return format(new TZDate(instant.getTime(), digestTimeZone), 'yyyy-MM-dd');
}

/** The most recent date whose issue time has passed at `now`. */
export function latestDueDate(now: Date, time: IssueTime): string {
  const today = londonDateOf(now);
  return now.getTime() >= localInstant(today, time).getTime() ? today : previousDate(today);
}

/** The first issue instant strictly after `now`. */
export function nextIssueAt(now: Date, time: IssueTime): Date {
  const today = londonDateOf(now);
  const todays = localInstant(today, time);
  return new Date((now.getTime() < todays.getTime() ? todays : localInstant(nextDate(today), time)).getTime());
}

export type DuePlan = Readonly<{ dates: string[]; skipped: string[] }>;

/**
 * The dates to issue now: every date after the last one issued up to the latest due, so a scheduler
 * that was down catches up on the days it missed, oldest first. A first start issues only the latest
 * due date. More than `maxCatchUp` missed dates are reported as skipped rather than flooding
 * practitioners; their events are not lost, they arrive in the next digest as late items.
 */
export function dueDates(now: Date, lastIssued: string | null, time: IssueTime, maxCatchUp = 7): DuePlan {
  const latest = latestDueDate(now, time);
  if (lastIssued === null) return { dates: [latest], skipped: [] };
  const dates: string[] = [];
  for (let date = nextDate(lastIssued); date <= latest; date = nextDate(date)) dates.push(date);
  // Re-running the latest due date is harmless (already issued practitioners are left alone) and
  // serves practitioners who joined since it ran.
  if (dates.length === 0) dates.push(latest);
  const skipped = dates.slice(0, Math.max(0, dates.length - maxCatchUp));
  return { dates: dates.slice(skipped.length), skipped };
}
