/**
 * A synthetic council for demos, tests and load: a family-support cohort (as cohort CSV rows) and
 * day-by-day police, housing, health and school events with the links a perfect matcher would make.
 * Everything is made up and repeatable from a seed.
 */
export { generateCouncil, type CouncilOptions, type SyntheticCouncil, type SyntheticTeam } from './council';
export { generateAgencyEvents, agencyEventId, type DayOptions, type GeneratedDay, type GeneratedEvent } from './agency-events';
export { digestWindow, type DigestWindow } from './digest-window';
export { davisFamilyId, tomFamilyId } from './stories';
