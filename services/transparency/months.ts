import { TZDate } from '@date-fns/tz';
import { LiveRiskError } from '../platform/errors';

/** Calendar months in Europe/London, as `YYYY-MM`: the page's period and its bounds as instants. Pure. */
export type Period = Readonly<{ months: readonly string[]; from: Date; to: Date }>;

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthStart(month: string): Date {
  const match = monthPattern.exec(month);
  if (!match) throw new LiveRiskError('INPUT_INVALID', `expected a month as YYYY-MM, e.g. 2026-03, not ${month}`);
  return new Date(new TZDate(Number(match[1]), Number(match[2]) - 1, 1, 0, 0, 0, 0, 'Europe/London').getTime());
}

function addMonths(month: string, count: number): string {
  const [year, index] = month.split('-').map(Number);
  const total = year * 12 + (index - 1) + count;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** `count` months ending with `last`, oldest first; `to` is the start of the month after. */
export function periodEnding(last: string, count: number): Period {
  monthStart(last);
  if (!Number.isInteger(count) || count < 1 || count > 36) throw new LiveRiskError('INPUT_INVALID', `--months must be from 1 to 36, not ${count}`);
  const months = Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
  return { months, from: monthStart(months[0]), to: monthStart(addMonths(last, 1)) };
}

/** "March 2026". */
export function monthName(month: string): string {
  return monthStart(month).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

export function monthBounds(month: string): { from: Date; to: Date } {
  return { from: monthStart(month), to: monthStart(addMonths(month, 1)) };
}
