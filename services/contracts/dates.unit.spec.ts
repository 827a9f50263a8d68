import type { z } from 'zod';
import { calendarDate, calendarDateProblem, instant, instantProblem } from './dates';
import { jsonSchemaFor } from './json-schemas';

const messageOf = (schema: z.ZodType, value: string) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
};

describe('instants', () => {
  it('accept what agencies send: an offset or Z, with or without fractions of a second', () => {
    for (const value of ['2026-03-29T07:00:00+01:00', '2026-03-28T22:00:00Z', '2026-11-21T07:00:00.123456+00:00', '2028-02-29T12:00:00-05:00']) {
      expect(messageOf(instant, value)).toBeUndefined();
    }
  });

  it('accept the widest real offsets, +14:00 and -14:00, and the first and last plausible years', () => {
    for (const value of ['2026-01-01T00:00:00+14:00', '2026-01-01T00:00:00-14:00', '1900-01-01T00:00:00Z', '2100-12-31T23:59:59Z']) {
      expect(messageOf(instant, value)).toBeUndefined();
    }
  });

  it('reject year 0000 and year 2300 as not plausible, naming the year and the range', () => {
    expect(messageOf(instant, '0000-03-28T21:00:00+00:00')).toBe('is in year 0000, which is not plausible: expected 1900–2100');
    expect(messageOf(instant, '2300-03-28T21:00:00+00:00')).toBe('is in year 2300, which is not plausible: expected 1900–2100');
  });

  it('reject an offset of +23:59 or +14:01, which ISO 8601 syntax allows but no place uses', () => {
    expect(messageOf(instant, '2026-03-28T21:00:00+23:59')).toBe('has offset +23:59, which is not a real UTC offset: expected -14:00 to +14:00');
    expect(messageOf(instant, '2026-03-28T21:00:00+14:01')).toContain('has offset +14:01, which is not a real UTC offset');
  });

  it('reject days that do not exist, a missing offset and other shapes', () => {
    expect(messageOf(instant, '2026-02-29T07:00:00Z')).toBe('is on 2026-02-29, which is not a calendar date');
    expect(messageOf(instant, '1900-02-29T07:00:00Z')).toBe('is on 1900-02-29, which is not a calendar date');
    expect(messageOf(instant, '2026-03-29T24:00:00Z')).toBe('is at 24:00:00, which is not a time of day');
    expect(messageOf(instant, '2026-03-29T07:00:00')).toMatch(/^is not an ISO 8601 date-time with a UTC offset, e.g. /);
    expect(messageOf(instant, '2026-03-29 07:00:00Z')).toMatch(/^is not an ISO 8601 date-time/);
  });
});

describe('calendar dates', () => {
  it('accept real days in 1900–2100, leap days included', () => {
    for (const value of ['1990-04-01', '2000-02-29', '2028-02-29', '1900-01-01', '2100-12-31']) expect(messageOf(calendarDate, value)).toBeUndefined();
  });

  it('reject implausible years, impossible days and other shapes, each saying which', () => {
    expect(messageOf(calendarDate, '0000-01-01')).toBe('is in year 0000, which is not plausible: expected 1900–2100');
    expect(messageOf(calendarDate, '1899-12-31')).toBe('is in year 1899, which is not plausible: expected 1900–2100');
    expect(messageOf(calendarDate, '2010-02-30')).toBe('is not a calendar date');
    expect(messageOf(calendarDate, '2100-02-29')).toBe('is not a calendar date');
    expect(messageOf(calendarDate, '2010-13-01')).toBe('is not a calendar date');
    expect(messageOf(calendarDate, '01/04/1990')).toBe('is not a date written YYYY-MM-DD');
  });
});

describe('the date patterns in the JSON Schemas', () => {
  // Every day of four years around each edge of the range and across leap rules, at three offsets.
  const days = [1899, 1900, 1904, 2000, 2026, 2028, 2100, 2101].flatMap((year) =>
    Array.from({ length: 12 * 31 }, (_, i) => `${year}-${String(Math.floor(i / 31) + 1).padStart(2, '0')}-${String((i % 31) + 1).padStart(2, '0')}`),
  );

  it('accept exactly the dates calendarDateProblem finds nothing wrong with', () => {
    const pattern = new RegExp(String(jsonSchemaFor(calendarDate).pattern), 'u');
    for (const day of days) expect([day, pattern.test(day)]).toEqual([day, calendarDateProblem(day) === undefined]);
  });

  it('accept exactly the instants instantProblem finds nothing wrong with', () => {
    const pattern = new RegExp(String(jsonSchemaFor(instant).pattern), 'u');
    for (const day of days.filter((_, i) => i % 7 === 0)) {
      for (const offset of ['Z', '+14:00', '-14:01', '+05:45', '+15:00']) {
        const value = `${day}T12:30:00${offset}`;
        expect([value, pattern.test(value)]).toEqual([value, instantProblem(value) === undefined]);
      }
    }
  });

  it('carry the format too, for validators that check it', () => {
    expect(jsonSchemaFor(instant)).toMatchObject({ type: 'string', format: 'date-time' });
    expect(jsonSchemaFor(calendarDate)).toMatchObject({ type: 'string', format: 'date' });
  });
});
