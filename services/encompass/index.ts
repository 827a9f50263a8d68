/**
 * Operation Encompass (issue 16): telling a child's school, before the next school day, that police
 * believe the child may be a victim of domestic abuse. The schools register and school calendars are
 * versioned data; the deadline is a pure function of a calendar and the incident's time.
 */
export { builtInSchoolsFile, encompassDirectory, loadEncompassDirectory, schoolsRegisterSchema } from './schools-register';
export type { CouncilTeam, EncompassDirectory, School, SchoolsRegister } from './schools-register';
export { builtInCalendarsFile, calendarsSchema, deadlineFor, isSchoolDay, loadSchoolCalendars } from './school-calendar';
export type { SchoolCalendar, SchoolCalendars } from './school-calendar';
