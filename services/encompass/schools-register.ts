import { join } from 'node:path';
import { z } from 'zod';
import { calendarDate, narrative, schoolUrn, text } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { loadJsonDocument, parseJsonDocument, type JsonFileHints } from '../platform/json-file';
import { builtInCalendarsFile, checkCalendarNamed, loadSchoolCalendars, type SchoolCalendar, type SchoolCalendars } from './school-calendar';

/**
 * The schools that receive Operation Encompass notifications, as data: a versioned JSON file,
 * validated when a process starts (with the school calendars it names).
 *
 *   { "version": "2026.1", "effectiveFrom": "2026-09-01", "description": "...",
 *     "schools": [ { "urn": "990101", "name": "Avonford Primary School",
 *                    "dslMailbox": "dsl@avonford-primary.sch.example", "calendar": "avonford-council" } ],
 *     "councilTeam": { "name": "...", "mailbox": "encompass@avonford.gov.example", "calendar": "avonford-council" } }
 *
 * `dslMailbox` is the designated safeguarding lead's role mailbox, never a person's own address: DSLs
 * change, and the notification email carries no personal data anyway. The council's Encompass team
 * is told about home-educated children.
 */
const mailbox = z.email({ message: 'expected a role mailbox address, such as dsl@school.example' });

const school = z
  .object({
    urn: schoolUrn,
    name: text({ min: 1, max: 200 }),
    dslMailbox: mailbox,
    calendar: z.string().min(1).describe('the id of the school’s calendar in the school calendars file'),
  })
  .strict();
export type School = Readonly<z.infer<typeof school>>;

const councilTeam = z.object({ name: text({ min: 1, max: 200 }), mailbox, calendar: z.string().min(1) }).strict();
export type CouncilTeam = Readonly<z.infer<typeof councilTeam>>;

export const schoolsRegisterSchema = z
  .object({
    version: text({ min: 1, max: 50 }),
    effectiveFrom: calendarDate,
    description: narrative({ max: 2000 }).default(''),
    schools: z.array(school).min(1),
    councilTeam,
  })
  .strict()
  .superRefine((register, context) => {
    const seen = new Set<string>();
    register.schools.forEach((entry, index) => {
      if (seen.has(entry.urn)) context.addIssue({ code: 'custom', path: ['schools', index, 'urn'], message: `URN ${entry.urn} is listed twice` });
      seen.add(entry.urn);
    });
  });
export type SchoolsRegister = Readonly<z.infer<typeof schoolsRegisterSchema>>;

export const builtInSchoolsFile = join(__dirname, 'schools', 'default.json');

const hints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_SCHOOLS_FILE names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in register is services/encompass/schools/default.json',
  invalid: 'fix the file (see "Operation Encompass" in README.md), or unset LIVE_RISK_SCHOOLS_FILE to use the built-in register',
};

/** The register and the calendars it names, read and cross-checked together. */
export type EncompassDirectory = Readonly<{
  register: SchoolsRegister;
  calendars: SchoolCalendars;
  schoolByUrn(urn: string): School | undefined;
  calendarOf(recipient: Readonly<{ calendar: string }>): SchoolCalendar;
}>;

export function encompassDirectory(register: SchoolsRegister, calendars: SchoolCalendars, source = 'the schools register'): EncompassDirectory {
  // Checked as one more validation of the register, so a missing calendar reads like any other mistake in the file.
  parseJsonDocument(
    z.unknown().superRefine((_, context) => {
      register.schools.forEach((entry, index) => checkCalendarNamed(calendars, entry.calendar, ['schools', index, 'calendar'], context));
      checkCalendarNamed(calendars, register.councilTeam.calendar, ['councilTeam', 'calendar'], context);
    }),
    register,
    'the schools register',
    source,
    hints,
  );
  const byUrn = new Map(register.schools.map((entry) => [entry.urn, entry]));
  return {
    register,
    calendars,
    schoolByUrn: (urn) => byUrn.get(urn),
    calendarOf: (recipient) => {
      const calendar = calendars.calendars[recipient.calendar];
      if (!calendar) throw new LiveRiskError('INTERNAL', `calendar ${recipient.calendar} vanished after it was checked`);
      return calendar;
    },
  };
}

/** Reads both files (the built-in ones when unset), at start-up: a mistake stops the process with where it is. */
export function loadEncompassDirectory(files: Readonly<{ schoolsFile?: string; calendarsFile?: string }> = {}): EncompassDirectory {
  const schoolsFile = files.schoolsFile ?? builtInSchoolsFile;
  const register = loadJsonDocument(schoolsRegisterSchema, schoolsFile, 'the schools register', hints);
  return encompassDirectory(register, loadSchoolCalendars(files.calendarsFile ?? builtInCalendarsFile), schoolsFile);
}
