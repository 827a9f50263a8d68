import type { Agency } from '../../services/contracts';
import type { SyntheticCouncil } from './council';
import { indexCohort } from './cohort-index';
import { digestWindow } from './digest-window';
import { eventFromDraft, type EventDraft, type GeneratedEvent } from './event-draft';
import { randomDraft } from './incidents';
import { SeededRandom, seedFrom } from './random';
import { storyDrafts } from './stories';

export type { GeneratedEvent } from './event-draft';

export type GeneratedDay = {
  /** In the order the agencies reported them. */
  events: GeneratedEvent[];
  /** `agency:eventId` → the family ids a perfect matcher links the event to (none for outsiders). */
  truth: Record<string, string[]>;
};

export type DayOptions = { date: string; seed?: number };

const idPrefixes: Record<Agency, string> = { police: 'ASP', housing: 'HSG', health: 'NHS', education: 'SCH' };

/**
 * One day of police, housing, health and school events for a council: everything reported inside
 * the digest window for `date`, about one event per five cohort families, one school concern per
 * hundred (at least one), plus the story incidents.
 * The same council, date and seed always give the same events with the same ids.
 */
export function generateAgencyEvents(council: SyntheticCouncil, { date, seed = 1 }: DayOptions): GeneratedDay {
  const window = digestWindow(date);
  const cohort = indexCohort(council.rows);
  const random = new SeededRandom(seedFrom('agency-events', seed, date));
  const drafts: EventDraft[] = storyDrafts(window, cohort.membersOf);
  const volume = Math.round((cohort.families.length / 5) * (0.9 + 0.2 * random.next()));
  for (let i = 0; i < volume; i++) drafts.push(randomDraft(random, cohort, window));
  // Schools joined later: their own stream leaves every other agency's events as they were.
  const schools = new SeededRandom(seedFrom('school-concerns', seed, date));
  const schoolVolume = cohort.families.length === 0 ? 0 : Math.max(1, Math.round((cohort.families.length / 100) * (0.8 + 0.4 * schools.next())));
  for (let i = 0; i < schoolVolume; i++) drafts.push(randomDraft(schools, cohort, window, 'education'));

  const counters: Record<Agency, number> = { police: 0, housing: 0, health: 0, education: 0 };
  const truth: Record<string, string[]> = {};
  const numbered = drafts.map((draft) => {
    const eventId = agencyEventId(draft.agency, date, ++counters[draft.agency]);
    truth[`${draft.agency}:${eventId}`] = [...new Set(draft.familyIds)].sort();
    return { reportedAt: draft.reportedAt, generated: eventFromDraft(draft, eventId) };
  });
  numbered.sort((a, b) => a.reportedAt - b.reportedAt);
  return { events: numbered.map(({ generated }) => generated), truth };
}

/**
 * `ASP-2026-0880001`: prefix, year, day of the year (3 digits) and the agency's sequence number
 * that day (at least 4 digits). Unique per agency across days; stories come first, so their ids
 * stay the same whatever the size of the council.
 */
export function agencyEventId(agency: Agency, date: string, sequence: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const dayOfYear = (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
  return `${idPrefixes[agency]}-${year}-${String(dayOfYear).padStart(3, '0')}${String(sequence).padStart(4, '0')}`;
}
