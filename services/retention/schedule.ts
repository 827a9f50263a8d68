import { join } from 'node:path';
import { z } from 'zod';
import { calendarDate, narrative, text } from '../contracts';
import { loadJsonDocument, parseJsonDocument, type IssueSink, type JsonFileHints, type Reading } from '../platform/json-file';

/**
 * The retention schedule as data: a versioned JSON file, like the sharing policy, saying for each
 * class of record live-risk keeps how long it is kept and why.
 *
 *   { "version": "2026.1", "effectiveFrom": "2026-12-01", "description": "...",
 *     "classes": {
 *       "unlinked-agency-events": { "keep": { "days": 45 }, "reason": "...", "lawfulBasis": "..." },
 *       "closed-cases": { "keep": { "afterClosure": { "years": 6 }, "untilYoungestChildIs": 25 }, ... },
 *       "open-case-events": { "keep": "while-the-case-is-open", ... },
 *       ... one entry per class of `recordClasses` } }
 *
 * The classes are the ones erasure and `retention audit` speak of too (issue 14), so a report of
 * what was removed, erased or found always names the same things.
 */
export const recordClasses = [
  'unlinked-agency-events',
  'dead-letter-originals',
  'dead-letter-counts',
  'open-case-events',
  'closed-cases',
  'portal-sessions',
  'notifications',
  'published-outbox',
  'audit-entries',
] as const;
export type RecordClass = (typeof recordClasses)[number];

/** A period of exactly one unit: `{ "days": 45 }`, `{ "months": 3 }` or `{ "years": 6 }`. */
const count = z.number().int().min(0).max(200);
export const period = z.union([
  z.object({ days: z.number().int().min(0).max(36600) }).strict(),
  z.object({ months: count }).strict(),
  z.object({ years: count }).strict(),
]);
export type Period = Readonly<z.infer<typeof period>>;
/** What Kafka enforces is counted in milliseconds, so its classes are kept a whole number of days. */
const days = z.object({ days: z.number().int().min(1).max(36600) }).strict();

const wording = (max: number) => z.string().trim().pipe(narrative({ min: 3, max }));
const explained = {
  reason: wording(1000).describe('why this long, in plain words, for the governance officer and the public'),
  lawfulBasis: wording(300).describe('the lawful basis for keeping it, e.g. UK GDPR Art. 6(1)(e) public task'),
};

const closedCaseRule = z
  .object({
    afterClosure: period.optional().describe('kept this long after the case closed'),
    untilYoungestChildIs: z.number().int().min(18).max(100).optional().describe('kept until the youngest child of the family reaches this age'),
  })
  .strict()
  .refine((rule) => rule.afterClosure !== undefined || rule.untilYoungestChildIs !== undefined, {
    message: 'give afterClosure, untilYoungestChildIs or both (then whichever is later)',
  });
export type ClosedCaseRule = Readonly<z.infer<typeof closedCaseRule>>;

const classSchemas = {
  'unlinked-agency-events': z.object({ keep: days, ...explained }).strict(),
  'dead-letter-originals': z.object({ keep: days, ...explained }).strict(),
  'dead-letter-counts': z.object({ keep: period, ...explained }).strict(),
  'open-case-events': z.object({ keep: z.literal('while-the-case-is-open'), ...explained }).strict(),
  'closed-cases': z.object({ keep: closedCaseRule, ...explained }).strict(),
  'portal-sessions': z.object({ keep: period.describe('after the session expired'), ...explained }).strict(),
  'notifications': z.object({ keep: period.describe('after the email was composed'), ...explained }).strict(),
  'published-outbox': z.object({ keep: period.describe('after the message was published to Kafka'), ...explained }).strict(),
  'audit-entries': z.object({ keep: period, ...explained }).strict(),
} as const satisfies Record<RecordClass, z.ZodType>;

type Classes = { [C in RecordClass]: z.infer<(typeof classSchemas)[C]> };

const headerFields = {
  version: text({ min: 1, max: 50 }),
  effectiveFrom: calendarDate,
  description: narrative({ max: 2000 }).default(''),
};

/**
 * Agency events must outlive the matching: re-matching reads REMATCH_DAYS of them back when the
 * cohort changes, and the margin covers consumers that were down or behind (an event deleted before
 * the matcher read it is never matched). Only today's schedule is checked: an archived one was
 * checked against the configuration of its day.
 */
export const rematchMarginDays = 7;

export type ScheduleContext = Readonly<{ rematchDays: number }>;

const checkAgainstConfig = (context: ScheduleContext) => (schedule: { classes: Partial<Classes> }, sink: IssueSink) => {
  const unlinked = schedule.classes['unlinked-agency-events'];
  if (!unlinked) return;
  const least = context.rematchDays + rematchMarginDays;
  if (unlinked.keep.days < least) {
    sink.addIssue({
      code: 'custom',
      path: ['classes', 'unlinked-agency-events', 'keep', 'days'],
      message:
        `${unlinked.keep.days} days is less than REMATCH_DAYS (${context.rematchDays}) plus a margin of ${rematchMarginDays} days: ` +
        `set it to at least ${least}, or lower REMATCH_DAYS (re-matching could otherwise look for events already deleted)`,
    });
  }
};

/** Today's schedule: every class, checked against the configured re-matching look-back. */
export const retentionScheduleSchema = (context: ScheduleContext) =>
  z.object({ ...headerFields, classes: z.object(classSchemas).strict() }).strict().superRefine(checkAgainstConfig(context));

/** A released schedule, read as it was: a class it lacks did not exist then. */
export const archivedRetentionScheduleSchema = z
  .object({
    ...headerFields,
    classes: z.object(Object.fromEntries(recordClasses.map((name) => [name, classSchemas[name].optional()])) as { [C in RecordClass]: z.ZodOptional<(typeof classSchemas)[C]> }).strict(),
  })
  .strict();

export type RetentionSchedule = Readonly<{ version: string; effectiveFrom: string; description: string; classes: Readonly<Classes> }>;
export type ArchivedRetentionSchedule = Readonly<{ version: string; effectiveFrom: string; description: string; classes: Readonly<Partial<Classes>> }>;

/** Every released schedule is kept here, so what a past run applied can be read again. */
export const schedulesDirectory = join(__dirname, 'schedules');
export const builtInScheduleFile = join(schedulesDirectory, 'default.json');

const hints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_RETENTION_FILE names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in schedule is services/retention/schedules/default.json',
  invalid: 'fix the file (see "Retention: what is kept, for how long, and why" in README.md), or unset LIVE_RISK_RETENTION_FILE to use the built-in schedule',
};
const archivedHints: JsonFileHints = { ...hints, invalid: 'a released schedule must never change: restore the file as it was released (git log shows it)' };

const what = (reading: Reading) => (reading === 'current' ? 'the retention schedule' : 'the archived retention schedule');

export function parseRetentionSchedule(json: unknown, source: string, context: ScheduleContext): RetentionSchedule {
  return parseJsonDocument(retentionScheduleSchema(context), json, what('current'), source, hints);
}

export function loadRetentionSchedule(file: string | undefined, context: ScheduleContext): RetentionSchedule {
  return loadJsonDocument(retentionScheduleSchema(context), file ?? builtInScheduleFile, what('current'), hints);
}

export function parseArchivedRetentionSchedule(json: unknown, source: string): ArchivedRetentionSchedule {
  return parseJsonDocument(archivedRetentionScheduleSchema, json, what('archived'), source, archivedHints);
}

export function loadArchivedRetentionSchedule(file: string): ArchivedRetentionSchedule {
  return loadJsonDocument(archivedRetentionScheduleSchema, file, what('archived'), archivedHints);
}
