import { addDays, addMonths, addYears } from 'date-fns';
import type { ClosedCaseRule, Period, RetentionSchedule } from './schedule';

/**
 * The pure part of a retention run: from the schedule and the time, the instant before which each
 * class's records are past their period, and whether a closed case is past its own. No I/O, so the
 * calendar arithmetic (months, leap days, ages) is tested without a database.
 */
export function shiftBy(instant: Date, keep: Period, direction: 1 | -1): Date {
  if ('days' in keep) return addDays(instant, direction * keep.days);
  if ('months' in keep) return addMonths(instant, direction * keep.months);
  return addYears(instant, direction * keep.years);
}

/** Records of a class stamped before this instant are past their period at `now`. */
export const cutOffFor = (keep: Period, now: Date): Date => shiftBy(now, keep, -1);

export type RetentionCutOffs = Readonly<{
  unlinkedAgencyEvents: Date;
  deadLetterOriginals: Date;
  deadLetterCounts: Date;
  portalSessions: Date;
  notifications: Date;
  publishedOutbox: Date;
  auditEntries: Date;
}>;

export function retentionCutOffs(schedule: RetentionSchedule, now: Date): RetentionCutOffs {
  const { classes } = schedule;
  return {
    unlinkedAgencyEvents: cutOffFor(classes['unlinked-agency-events'].keep, now),
    deadLetterOriginals: cutOffFor(classes['dead-letter-originals'].keep, now),
    deadLetterCounts: cutOffFor(classes['dead-letter-counts'].keep, now),
    portalSessions: cutOffFor(classes['portal-sessions'].keep, now),
    notifications: cutOffFor(classes.notifications.keep, now),
    publishedOutbox: cutOffFor(classes['published-outbox'].keep, now),
    auditEntries: cutOffFor(classes['audit-entries'].keep, now),
  };
}

/** A closed family as the run sees it: when it closed, and its members' dates of birth (null: not known). */
export type ClosedCase = Readonly<{ familyId: string; closedAt: Date; datesOfBirth: ReadonlyArray<string | null> }>;

export type ClosedCaseVerdict =
  | Readonly<{ kind: 'due'; since: Date }>
  | Readonly<{ kind: 'kept'; until: Date }>
  /**
   * Kept, and said so: the rule needs a child's age and a member's date of birth is not known (they
   * could be the youngest child), or the rule is an age rule alone and the family has no child.
   */
  | Readonly<{ kind: 'undetermined'; why: 'date-of-birth-unknown' | 'no-child' }>;

const adultAge = 18;

/**
 * The day someone born on `dateOfBirth` (YYYY-MM-DD) turns `years`, at 00:00 UTC. A birthday on
 * 29 February falls on 1 March in other years, as English law counts it: never a day early.
 */
export function birthday(dateOfBirth: string, years: number): Date {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const at = new Date(Date.UTC(year + years, month - 1, day));
  return at;
}

/** Whole years of age at an instant. */
export function ageAt(dateOfBirth: string, at: Date): number {
  const years = at.getUTCFullYear() - Number(dateOfBirth.slice(0, 4));
  return at.getTime() >= birthday(dateOfBirth, years).getTime() ? years : years - 1;
}

/**
 * When a closed case's period ends. `afterClosure`: that long after it closed. `untilYoungestChildIs`:
 * the day its youngest child (a member under 18 when the case closed) reaches that age. Both given:
 * whichever is later; a family with no child is then held by `afterClosure` alone.
 */
export function closedCaseVerdict(rule: ClosedCaseRule, closed: ClosedCase, now: Date): ClosedCaseVerdict {
  const ends: Date[] = [];
  if (rule.afterClosure) ends.push(shiftBy(closed.closedAt, rule.afterClosure, 1));
  if (rule.untilYoungestChildIs !== undefined) {
    const known = closed.datesOfBirth.filter((dob): dob is string => dob !== null);
    if (known.length < closed.datesOfBirth.length) return { kind: 'undetermined', why: 'date-of-birth-unknown' };
    const children = known.filter((dob) => ageAt(dob, closed.closedAt) < adultAge).sort();
    const youngest = children[children.length - 1];
    if (youngest !== undefined) ends.push(birthday(youngest, rule.untilYoungestChildIs));
    else if (ends.length === 0) return { kind: 'undetermined', why: 'no-child' };
  }
  const end = new Date(Math.max(...ends.map((date) => date.getTime())));
  return end.getTime() <= now.getTime() ? { kind: 'due', since: end } : { kind: 'kept', until: end };
}
