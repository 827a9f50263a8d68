import { calendarDateProblem } from '../../services/contracts';
import type { SeededRandom } from '../synthetic-council/random';
import { ocrDigit } from './typos';

/**
 * The ways a date of birth (YYYY-MM-DD) is wrong in practice. Each returns another valid calendar
 * date, or undefined when the error cannot happen to this date (no day/month swap for the 15th).
 * Valid means what the contracts accept, so a corrupted date is still one an agency could send.
 */
export const isCalendarDate = (value: string): boolean => calendarDateProblem(value) === undefined;

// The synthetic council's ages are as at 2026-01-01.
const latestBirth = '2026-01-01';

/** 1985-03-07 becomes 1985-07-03: one system wrote DD/MM, the other read MM/DD. */
export function swapDayAndMonth(date: string): string | undefined {
  const [year, month, day] = date.split('-');
  if (Number(day) > 12 || day === month) return undefined;
  return `${year}-${day}-${month}`;
}

/** One digit of the year's last two, the month or the day keyed or read wrongly. */
export function wrongDigit(random: SeededRandom, date: string): string | undefined {
  const positions = [2, 3, 5, 6, 8, 9];
  for (let attempt = 0; attempt < 12; attempt++) {
    const at = random.pick(positions);
    const digit = random.chance(0.4) ? (ocrDigit[date[at]] ?? String(random.int(0, 9))) : String(random.int(0, 9));
    const candidate = date.slice(0, at) + digit + date.slice(at + 1);
    // Nobody is recorded as born in the future; a form would reject it.
    if (candidate !== date && isCalendarDate(candidate) && candidate < latestBirth) return candidate;
  }
  return undefined;
}

/** The year one out, as when an age is turned back into a year. */
export function yearOffByOne(random: SeededRandom, date: string): string {
  const year = Number(date.slice(0, 4)) + (random.chance(0.5) && date < '2025' ? 1 : -1);
  const candidate = `${year}${date.slice(4)}`;
  return isCalendarDate(candidate) ? candidate : `${year}-02-28`;
}

/** The 1st of January placeholder systems use when only the year (or age) is known. */
export function placeholder(date: string): string | undefined {
  const candidate = `${date.slice(0, 4)}-01-01`;
  return candidate === date ? undefined : candidate;
}
