import { importCohortRows } from '../../../services/cohort/import-cohort';
import { agencies, type AgencyEvent } from '../../../services/contracts';
import { publishEvents } from '../../../services/platform/publish';
import type { Runtime } from '../../../services/platform/runtime';
import { catchUp } from '../../consumers';
import { generateAgencyEvents, generateCouncil, type GeneratedEvent } from '../../synthetic-council';

/**
 * What the matcher is measured on: a synthetic council's cohort, projected, and day after day of its
 * agency events until there are `events` of them, all published the way live-risk's own tools
 * publish (validated, registry wire format, acks from every in-sync replica).
 */
export type WorkloadOptions = Readonly<{ families: number; events: number; seed: number }>;

export type Workload = Readonly<{
  families: number;
  people: number;
  cohortEvents: number;
  days: number;
  /** Per agency; results recorded before an agency existed lack it. */
  agencyEvents: Readonly<Partial<Record<GeneratedEvent['agency'], number>>>;
  generateSeconds: number;
  publishSeconds: number;
  projectCohortSeconds: number;
}>;

// A fixed start keeps event ids, and so the whole run, the same for a seed.
const firstDay = '2026-01-05';
const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export function generateWorkload({ families, events, seed }: WorkloadOptions) {
  const council = generateCouncil({ families, seed });
  const generated: GeneratedEvent[] = [];
  let days = 0;
  while (generated.length < events) {
    generated.push(...generateAgencyEvents(council, { date: dayAfter(firstDay, days), seed }).events);
    days += 1;
  }
  return { council, days, events: generated.slice(0, events) };
}

export async function prepareWorkload(runtime: Runtime, options: WorkloadOptions, say: (line: string) => void): Promise<Workload> {
  let started = performance.now();
  const lap = () => {
    const seconds = (performance.now() - started) / 1000;
    started = performance.now();
    return seconds;
  };
  const { council, days, events } = generateWorkload(options);
  const generateSeconds = lap();
  say(`generated ${new Set(council.rows.map((row) => row.familyId)).size} families, ${council.rows.length} people, ${events.length} agency events over ${days} days (${generateSeconds.toFixed(1)} s)`);

  const imported = await importCohortRows(runtime, { rows: council.rows, rejections: [] }, { recordedAt: new Date().toISOString() });
  const agencyEvents = Object.fromEntries(agencies.map((agency) => [agency, 0])) as Record<(typeof agencies)[number], number>;
  for (const agency of agencies) {
    const ofAgency: AgencyEvent[] = events.filter((generated) => generated.agency === agency).map(({ event }) => event);
    agencyEvents[agency] = await publishEvents(runtime, agency, ofAgency, (event) => event.eventId, (done, total) => {
      if (done === total || done % 10_000 === 0) say(`published ${done} of ${total} ${agency} events`);
    });
  }
  const publishSeconds = lap();
  say(`published ${imported.events} cohort events and ${events.length} agency events (${publishSeconds.toFixed(1)} s)`);

  await catchUp(runtime, ['cohort']);
  const projectCohortSeconds = lap();
  say(`projected the cohort (${projectCohortSeconds.toFixed(1)} s)`);
  return {
    families: imported.families,
    people: imported.members,
    cohortEvents: imported.events,
    days,
    agencyEvents,
    generateSeconds,
    publishSeconds,
    projectCohortSeconds,
  };
}
