import { calendarDate, localInstant } from './local-time';

/** The wall clock of an instant in a zone, written dd/MM/yyyy HH:mm, by Intl (independent of the code under test). */
const wallIn = (timeZone: string, instant: number): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
};

describe('local times in an extract', () => {
  it('gives back, for every quarter hour around both clock changes of 2026 and noon every day, the instant showing that wall clock (the first of two in October)', () => {
    const seen = new Set<string>();
    const quarterHours = (from: number) => Array.from({ length: 4 * 24 * 3 }, (_, i) => from + i * 15 * 60_000);
    const instants = [
      ...new Set([...quarterHours(Date.UTC(2026, 2, 28)), ...quarterHours(Date.UTC(2026, 9, 24)), ...Array.from({ length: 365 }, (_, day) => Date.UTC(2026, 0, 1 + day, 12))]),
    ].sort((a, b) => a - b);
    for (const instant of instants) {
      const wall = wallIn('Europe/London', instant);
      const parsed = localInstant(wall, 'dd/MM/yyyy HH:mm', 'Europe/London');
      if (!parsed.ok) throw new Error(`${wall}: ${parsed.message}`);
      const expected = seen.has(wall) ? instant - 3_600_000 : instant; // the repeated hour reads as its first occurrence
      seen.add(wall);
      expect(Date.parse(parsed.value)).toBe(expected);
    }
  });

  it('writes the offset in force: +01:00 in summer, Z in winter', () => {
    expect(localInstant('15/07/2026 10:00', 'dd/MM/yyyy HH:mm', 'Europe/London')).toEqual({ ok: true, value: '2026-07-15T10:00:00+01:00' });
    expect(localInstant('15/01/2026 10:00', 'dd/MM/yyyy HH:mm', 'Europe/London')).toEqual({ ok: true, value: '2026-01-15T10:00:00Z' });
    expect(localInstant('2026-07-15 10:00', 'yyyy-MM-dd HH:mm', 'America/New_York')).toEqual({ ok: true, value: '2026-07-15T10:00:00-04:00' });
  });

  it('refuses each minute of the hour skipped in March, and a day that does not exist', () => {
    for (const time of ['01:00', '01:30', '01:59']) {
      expect(localInstant(`29/03/2026 ${time}`, 'dd/MM/yyyy HH:mm', 'Europe/London')).toEqual({ ok: false, message: expect.stringContaining('did not happen in Europe/London') });
    }
    expect(localInstant('29/03/2026 02:00', 'dd/MM/yyyy HH:mm', 'Europe/London')).toEqual({ ok: true, value: '2026-03-29T02:00:00+01:00' });
    expect(localInstant('29/02/2026 10:00', 'dd/MM/yyyy HH:mm', 'Europe/London')).toEqual({ ok: false, message: '"29/02/2026 10:00" is not a date and time written dd/MM/yyyy HH:mm' });
  });

  it('reads dates of birth as calendar dates, refusing ones outside the years the contract accepts', () => {
    expect(calendarDate('04/05/1990', 'dd/MM/yyyy')).toEqual({ ok: true, value: '1990-05-04' });
    expect(calendarDate('29/02/2028', 'dd/MM/yyyy')).toEqual({ ok: true, value: '2028-02-29' });
    expect(calendarDate('01/01/1850', 'dd/MM/yyyy')).toEqual({ ok: false, message: expect.stringContaining('not plausible') });
    expect(calendarDate('1990-05-04', 'dd/MM/yyyy')).toEqual({ ok: false, message: '"1990-05-04" is not a date written dd/MM/yyyy' });
  });
});
