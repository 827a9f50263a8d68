import { agencyOf, riskLevels, type AgencyEvent, type DigestIssued } from '../../services/contracts';
import { importCohortRows } from '../../services/cohort/import-cohort';
import { runDigestJob } from '../../services/digest/digest-job';
import { renderDigestText } from '../../services/digest/render-text';
import { nextDate } from '../../services/digest/window';
import type { Config } from '../../services/platform/config';
import { publishEvents } from '../../services/platform/publish';
import { openRuntime, type Runtime } from '../../services/platform/runtime';
import { stackUp } from '../../services/stack';
import { catchUp } from '../catch-up';
import { generateAgencyEvents, generateCouncil } from '../synthetic-council';

export type DemoOptions = Readonly<{ start: string; days: number; families: number; seed: number }>;
type Say = (line: string) => void;

export type DemoDay = Readonly<{ date: string; events: number; digests: DigestIssued[] }>;

async function publishAgencyEvents(runtime: Runtime, events: ReadonlyArray<{ event: AgencyEvent }>): Promise<void> {
  for (const agency of ['police', 'housing', 'health'] as const) {
    const ofAgency = events.map(({ event }) => event).filter((event) => agencyOf(event) === agency);
    await publishEvents(runtime, agency, ofAgency, (event) => event.eventId);
  }
}

function levelCounts(digests: readonly DigestIssued[]): string {
  return riskLevels
    .map((level) => `${digests.reduce((sum, d) => sum + d.items.filter((i) => i.riskLevel === level).length, 0)} ${level}`)
    .join(', ');
}

/**
 * The whole pipeline on a synthetic council: stack up, migrate, generate a cohort and each day's
 * agency events, publish, match, project, and issue each morning's digests.
 */
export async function runDemo(config: Config, options: DemoOptions, say: Say): Promise<DemoDay[]> {
  say('live-risk demo: starting the local stack (the first run fetches Kafka and Apicurio Registry from Maven Central; that takes a few minutes)');
  await stackUp(config, say);
  const runtime = await openRuntime(config, 'live-risk-demo');
  try {
    const council = generateCouncil({ families: options.families, seed: options.seed });
    say(`generated a synthetic council: ${new Set(council.rows.map((r) => r.familyId)).size} families, ${council.rows.length} people, ${council.practitioners.length} lead practitioners`);
    const imported = await importCohortRows(runtime, { rows: council.rows, rejections: [] }, { recordedAt: new Date().toISOString() });
    say(`published ${imported.events} cohort events to ${runtime.topics.cohort}`);
    await catchUp(runtime, ['cohort']);

    const days: DemoDay[] = [];
    let date = options.start;
    for (let day = 0; day < options.days; day += 1, date = nextDate(date)) {
      const generated = generateAgencyEvents(council, { date, seed: options.seed });
      await publishAgencyEvents(runtime, generated.events);
      const applied = await catchUp(runtime, ['matcher', 'matches', 'dead-letters']);
      const job = await runDigestJob(runtime, { date });
      const digests = job.issued.length ? job.issued : await existingDigests(runtime, date);
      say(`${date}: published ${generated.events.length} agency events, matcher read ${applied.matcher}, ` +
        `${digests.length} digests (${levelCounts(digests)})${job.alreadyIssued ? `, ${job.alreadyIssued} already issued earlier` : ''}`);
      days.push({ date, events: generated.events.length, digests });
    }
    return days;
  } finally {
    await runtime.close();
  }
}

async function existingDigests(runtime: Runtime, date: string): Promise<DigestIssued[]> {
  const rows: Array<{ payload: DigestIssued }> = await runtime.db('digests').where('digest_date', date).orderBy('practitioner_id').select('payload');
  return rows.map((row) => row.payload);
}

/** The morning's digests worth reading first: those that lead with the story families, then the busiest. */
export function demoSummary(days: readonly DemoDay[]): string {
  const last = days[days.length - 1];
  const featured = [...last.digests]
    .filter((digest) => digest.items.length > 0)
    .sort((a, b) => Number(b.items.some((i) => /^F-(DAVIS|TOM)$/.test(i.familyId))) - Number(a.items.some((i) => /^F-(DAVIS|TOM)$/.test(i.familyId))) || b.items.length - a.items.length)
    .slice(0, 2);
  const lines = [
    '',
    ...featured.map((digest) => renderDigestText({ ...digest, items: digest.items.slice(0, 6) }) + (digest.items.length > 6 ? `\n   … and ${digest.items.length - 6} more` : '') + '\n'),
    `Digests issued for ${days.map((d) => d.date).join(', ')}. Read them all with:`,
    `  npx live-risk digest --date ${last.date} --format text`,
    `  npx live-risk digest --date ${last.date} --format json`,
    'Check every agency message is accounted for with: npx live-risk status',
  ];
  return lines.join('\n');
}
