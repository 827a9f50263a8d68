import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LiveRiskError } from '../platform/errors';
import { topicIds } from '../contracts';
import {
  builtInScheduleFile, loadArchivedRetentionSchedule, loadRetentionSchedule, parseArchivedRetentionSchedule, parseRetentionSchedule, recordClasses, rematchMarginDays, schedulesDirectory,
} from './schedule';
import { topicRetention } from './topic-retention';
import { keepWords, scheduleSections } from './words';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the schedule as loose JSON to break it */
const builtIn = (): Record<string, any> => JSON.parse(readFileSync(builtInScheduleFile, 'utf8'));
const problemsOf = (json: unknown, rematchDays = 30): string => {
  try {
    parseRetentionSchedule(json, 'test.json', { rematchDays });
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRiskError);
    expect((error as LiveRiskError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('the schedule was accepted');
};

describe('the retention schedule file', () => {
  it('built in, gives every record class a period, a reason and a lawful basis', () => {
    const schedule = loadRetentionSchedule(undefined, { rematchDays: 30 });
    expect(Object.keys(schedule.classes).sort()).toEqual([...recordClasses].sort());
    for (const section of scheduleSections(schedule)) {
      expect(section.reason.length).toBeGreaterThan(20);
      expect(section.lawfulBasis.length).toBeGreaterThan(10);
    }
    expect(keepWords(schedule, 'unlinked-agency-events')).toBe('45 days');
    expect(keepWords(schedule, 'closed-cases')).toBe('6 years after the case closed');
  });

  it('refuses an unlinked-agency period shorter than REMATCH_DAYS plus the margin, saying what to set', () => {
    const schedule = builtIn();
    schedule.classes['unlinked-agency-events'].keep = { days: 36 };
    expect(problemsOf(schedule, 30)).toContain(
      `classes.unlinked-agency-events.keep.days: 36 days is less than REMATCH_DAYS (30) plus a margin of ${rematchMarginDays} days: set it to at least 37, or lower REMATCH_DAYS`,
    );
    expect(parseRetentionSchedule(schedule, 'test.json', { rematchDays: 29 }).classes['unlinked-agency-events'].keep).toEqual({ days: 36 });
  });

  it('refuses a class left out, an unknown class, a period of two units and a Kafka period not in days', () => {
    const schedule = builtIn();
    delete schedule.classes['portal-sessions'];
    schedule.classes['browser-cookies'] = schedule.classes.notifications;
    schedule.classes.notifications.keep = { days: 90, years: 1 };
    schedule.classes['dead-letter-originals'].keep = { months: 1 };
    const message = problemsOf(schedule);
    expect(message).toContain('classes.portal-sessions');
    expect(message).toMatch(/classes: Unrecognized key: "browser-cookies"/);
    expect(message).toContain('classes.notifications.keep');
    expect(message).toContain('classes.dead-letter-originals.keep.days');
  });

  it('supports both closed-case rules a council may have, and whichever is later when it has both', () => {
    const schedule = builtIn();
    schedule.classes['closed-cases'].keep = { untilYoungestChildIs: 25 };
    expect(keepWords(parseRetentionSchedule(schedule, 't.json', { rematchDays: 30 }), 'closed-cases')).toBe('until the youngest child is 25');
    schedule.classes['closed-cases'].keep = { afterClosure: { years: 6 }, untilYoungestChildIs: 25 };
    expect(keepWords(parseRetentionSchedule(schedule, 't.json', { rematchDays: 30 }), 'closed-cases')).toBe('6 years after the case closed or until the youngest child is 25, whichever is later');
    schedule.classes['closed-cases'].keep = {};
    expect(problemsOf(schedule)).toContain('classes.closed-cases.keep: give afterClosure, untilYoungestChildIs or both (then whichever is later)');
    schedule.classes['closed-cases'].keep = { untilYoungestChildIs: 16 };
    expect(problemsOf(schedule)).toContain('classes.closed-cases.keep.untilYoungestChildIs');
  });

  it('refuses a reason that is missing or would break a terminal line', () => {
    const schedule = builtIn();
    delete schedule.classes['audit-entries'].reason;
    schedule.classes.notifications.lawfulBasis = 'public task\u001b[8m';
    const message = problemsOf(schedule);
    expect(message).toContain('classes.audit-entries.reason');
    expect(message).toContain('classes.notifications.lawfulBasis: contains a control character (U+001B)');
  });

  it('reads a released schedule as it was: a class it lacks did not exist then, and today’s REMATCH_DAYS does not apply', () => {
    const released = builtIn();
    released.version = '2025.1';
    delete released.classes['published-outbox'];
    released.classes['unlinked-agency-events'].keep = { days: 10 };
    const archived = parseArchivedRetentionSchedule(released, 'released/2025.1.json');
    expect(archived.classes['published-outbox']).toBeUndefined();
    expect(keepWords(archived, 'published-outbox')).toBe('(not in this version)');
    expect(scheduleSections(archived).map((section) => section.recordClass)).not.toContain('published-outbox');
    expect(problemsOf(released)).toContain('classes.published-outbox');
  });

  it('gives agency topics and dead-letter.v1 a limited life in Kafka and every other topic none', () => {
    const retention = topicRetention(loadRetentionSchedule(undefined, { rematchDays: 30 }));
    expect(retention.police).toEqual({ 'retention.ms': String(45 * 86_400_000), 'segment.ms': '86400000' });
    expect(retention.education['retention.ms']).toBe(String(45 * 86_400_000));
    expect(retention.deadLetters['retention.ms']).toBe(String(30 * 86_400_000));
    for (const id of topicIds.filter((topic) => !['police', 'housing', 'health', 'education', 'deadLetters'].includes(topic))) {
      expect(retention[id]).toEqual({ 'retention.ms': '-1' });
    }
  });
});

describe('released retention schedules', () => {
  const released = readdirSync(join(schedulesDirectory, 'released')).filter((name) => name.endsWith('.json'));

  it('every released version still parses as it was written', () => {
    expect(released.length).toBeGreaterThan(0);
    for (const name of released) {
      const archived = loadArchivedRetentionSchedule(join(schedulesDirectory, 'released', name));
      expect(`${archived.version}.json`).toBe(name);
    }
  });

  it('the built-in schedule is released under its version, unchanged: a change needs a new version', () => {
    const current = loadRetentionSchedule(undefined, { rematchDays: 30 });
    expect(loadArchivedRetentionSchedule(join(schedulesDirectory, 'released', `${current.version}.json`))).toEqual(current);
  });
});
