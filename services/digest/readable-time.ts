/**
 * Dates and times as a practitioner reads them, always in England's local time with the zone
 * spelled out (GMT or BST), so an event at 01:30 on the night the clocks change is unambiguous.
 * Built from Intl parts rather than a whole formatted string, because ICU releases differ in the
 * punctuation they put between the parts.
 */
const timeZone = 'Europe/London';

const instantFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

function partsOf(format: Intl.DateTimeFormat, date: Date): Parts {
  return Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
}

/** "Sun 29 Mar 2026, 07:00 BST" for an ISO instant with any offset. */
export function readableInstant(iso: string): string {
  const p = partsOf(instantFormat, new Date(iso));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** A calendar date (YYYY-MM-DD) is a day, not an instant: format it in UTC so no zone shifts it. */
function dateParts(date: string, style: 'long' | 'short'): Parts {
  const [year, month, day] = date.split('-').map(Number);
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: style,
    day: 'numeric',
    month: style,
    year: 'numeric',
  });
  return partsOf(format, new Date(Date.UTC(year, month - 1, day)));
}

/** "Saturday 21 November 2026" */
export function readableDate(date: string): string {
  const p = dateParts(date, 'long');
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "Sat 21 Nov 2026", for subject lines where space is short. */
export function shortDate(date: string): string {
  const p = dateParts(date, 'short');
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}
