import { deadlineFor, isSchoolDay, loadSchoolCalendars, type SchoolCalendar } from './school-calendar';

const calendars = loadSchoolCalendars();
const council = calendars.calendars['avonford-council'];
const academy = calendars.calendars['combe-lacey-academy'];
const deadline = (calendar: SchoolCalendar, occurredAt: string) => deadlineFor(calendar, new Date(occurredAt)).toISOString();

describe('the Encompass deadline: the start of the next school day after the incident', () => {
  it('is 08:45 on Monday for an incident at 22:00 on a Friday in term', () => {
    // Friday 9 October 2026, 22:00 BST; Monday 12 October 08:45 BST is 07:45 UTC.
    expect(deadline(council, '2026-10-09T21:00:00Z')).toBe('2026-10-12T07:45:00.000Z');
  });

  it('is the same morning for an incident before school starts on a school day', () => {
    expect(deadline(council, '2026-10-13T06:00:00+01:00')).toBe('2026-10-13T07:45:00.000Z');
  });

  it('is the next school day for an incident during the school day', () => {
    expect(deadline(council, '2026-10-13T10:00:00+01:00')).toBe('2026-10-14T07:45:00.000Z');
  });

  it('is the first day of the autumn term for an incident in the summer holiday', () => {
    expect(deadline(council, '2026-08-05T19:30:00+01:00')).toBe('2026-09-03T07:45:00.000Z');
  });

  it('keeps 08:45 on the school clock across the October clock change (BST to GMT during half term)', () => {
    // Friday 23 October 2026 in BST; half term 26–30 October; Monday 2 November 08:45 GMT.
    expect(deadline(council, '2026-10-23T22:00:00+01:00')).toBe('2026-11-02T08:45:00.000Z');
  });

  it('skips a bank holiday and a training day', () => {
    expect(deadline(council, '2026-05-01T20:00:00+01:00')).toBe('2026-05-05T07:45:00.000Z');
    expect(deadline(council, '2026-11-26T20:00:00Z')).toBe('2026-11-30T08:45:00.000Z');
  });

  it('follows each school’s own calendar: the academy’s two-week half term and 08:30 start', () => {
    expect(deadline(academy, '2026-10-23T22:00:00+01:00')).toBe('2026-11-09T08:30:00.000Z');
  });

  it('counts every weekday as a school day after the calendar’s last term, rather than never falling due', () => {
    expect(isSchoolDay(council, '2028-01-05')).toBe(true);
    expect(isSchoolDay(council, '2028-01-08')).toBe(false);
    expect(deadline(council, '2028-01-07T20:00:00Z')).toBe('2028-01-10T08:45:00.000Z');
  });
});
