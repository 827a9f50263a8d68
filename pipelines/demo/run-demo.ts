import { agencies, agencyOf, riskLevels, type AgencyEvent, type DigestIssued } from '../../services/contracts';
import { importCohortRows } from '../../services/cohort/import-cohort';
import { deliverNotifications } from '../../services/digest/deliver-notifications';
import { refuseBeforeCutOff, runDigestJob } from '../../services/digest/digest-job';
import { renderDigestText } from '../../services/digest/render-text';
import { nextDate } from '../../services/digest/window';
import { loadEncompassDirectory } from '../../services/encompass';
import { createMailer } from '../../services/notify';
import type { Config } from '../../services/platform/config';
import { stableId } from '../../services/platform/ids';
import { publishEvents } from '../../services/platform/publish';
import { openRuntime, type Runtime } from '../../services/platform/runtime';
import { loadPolicy } from '../../services/policy';
import { loadRuleSet } from '../../services/risk';
import { stackUp } from '../../services/stack';
import { catchUp } from '../consumers';
import { openAgencyProducers, type AgencyProducers } from './agency-publishers';
import { describeEncompass, encompassCounts } from './encompass-counts';
import { generateAgencyEvents, generateCouncil, type GeneratedEvent } from '../synthetic-council';
import { davisFamilyId, tomFamilyId } from '../synthetic-council/stories';

const storyFamilyIds = [davisFamilyId, tomFamilyId];

export type DemoOptions = Readonly<{ start: string; days: number; families: number; seed: number }>;
type Say = (line: string) => void;

export type DemoDay = Readonly<{ date: string; events: number; digests: DigestIssued[]; emails: number }>;

async function publishAgencyEvents(runtime: Runtime, producers: AgencyProducers, events: ReadonlyArray<{ event: AgencyEvent }>): Promise<void> {
  for (const agency of agencies) {
    const ofAgency = events.map(({ event }) => event).filter((event) => agencyOf(event) === agency);
    await publishEvents({ ...runtime, producer: producers.producerOf(agency) }, agency, ofAgency, (event) => event.eventId);
  }
}

/**
 * About one event in forty reaches us late: the agency reported it inside the day's window but its
 * system sent it only after that morning's digest had gone out. The next digest shows it as late.
 * The story families' events always arrive on time, so their pattern completes on the day.
 */
function arrivesLate(generated: GeneratedEvent, families: readonly string[] = []): boolean {
  if (families.some((familyId) => storyFamilyIds.includes(familyId))) return false;
  return parseInt(stableId('late', generated.event.eventId).slice(-4), 16) % 40 === 0;
}

function levelCounts(digests: readonly DigestIssued[]): string {
  return riskLevels.map((level) => `${digests.reduce((sum, d) => sum + d.counts[level], 0)} ${level}`).join(', ');
}

/**
 * The whole pipeline on a synthetic council: stack up, migrate, generate a cohort and each day's
 * agency events, publish, match, project, issue each morning's digests and email the practitioners.
 */
export async function runDemo(config: Config, options: DemoOptions, say: Say): Promise<DemoDay[]> {
  // Every day played is issued: the last one's window must have ended.
  let last = options.start;
  for (let day = 1; day < options.days; day += 1) last = nextDate(last);
  refuseBeforeCutOff(last, config.digestTime, new Date());
  say('live-risk demo: starting the local stack (the first run fetches Kafka and Apicurio Registry from Maven Central; that takes a few minutes)');
  await stackUp(config, say);
  const rules = loadRuleSet(config.rulesFile);
  const schools = loadEncompassDirectory(config.encompass);
  const schoolName = (urn: string) => schools.schoolByUrn(urn)?.name;
  const policy = loadPolicy(config.policyFile);
  const runtime = await openRuntime(config, 'live-risk-demo');
  const mailer = createMailer(config);
  let producers: AgencyProducers | undefined;
  try {
    producers = await openAgencyProducers(config, say);
    const council = generateCouncil({ families: options.families, seed: options.seed });
    say(`generated a synthetic council: ${new Set(council.rows.map((r) => r.familyId)).size} families, ${council.rows.length} people, ${council.practitioners.length} lead practitioners in ${council.teams.length} teams`);
    const imported = await importCohortRows(runtime, { rows: council.rows, rejections: [] }, { recordedAt: new Date().toISOString() });
    say(`published ${imported.events} cohort events to ${runtime.topics.cohort}`);
    await catchUp(runtime, ['cohort']);

    const days: DemoDay[] = [];
    let heldBack: GeneratedEvent[] = [];
    let date = options.start;
    for (let day = 0; day < options.days; day += 1, date = nextDate(date)) {
      const generated = generateAgencyEvents(council, { date, seed: options.seed });
      const isLate = (event: GeneratedEvent) => arrivesLate(event, generated.truth[`${event.agency}:${event.event.eventId}`]);
      const onTime = generated.events.filter((event) => !isLate(event));
      await publishAgencyEvents(runtime, producers, [...heldBack, ...onTime]);
      const late = heldBack.length;
      heldBack = generated.events.filter(isLate);
      // The broker stamps each append in whole milliseconds and a digest takes what was received
      // strictly before its cut-off: a cut-off in the same millisecond as the last append (the
      // agency published last, schools since they joined) would leave that agency's events out.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const cutOff = new Date();
      // The demo is development: it runs every consumer once, in order, where production runs them
      // as a long-running process (`live-risk run --follow`). That includes the digests projection,
      // which the digest job needs current before it issues the next day.
      const encompassBefore = await encompassCounts(runtime.db);
      const applied = await catchUp(runtime);
      const job = await runDigestJob(runtime, { date, rules, policy, issueTime: config.digestTime, now: () => cutOff });
      await catchUp(runtime, ['digests']);
      const digests = job.issued.length ? job.issued : await existingDigests(runtime, date);
      const delivery = await deliverNotifications(runtime.db, mailer, runtime.log);
      say(
        `${date}: published ${onTime.length + late} agency events (${late} held back from the day before), matcher read ${applied.matcher}, ` +
          `${digests.length} digests (${levelCounts(digests)}), ${delivery.sent} emails sent` +
          (job.alreadyIssued ? `, ${job.alreadyIssued} digests already issued earlier` : '') +
          (heldBack.length ? `; ${heldBack.length} of today's events will arrive late` : ''),
      );
      const encompass = describeEncompass(encompassBefore, await encompassCounts(runtime.db), schoolName);
      if (encompass) say(`${date}: ${encompass}`);
      days.push({ date, events: generated.events.length, digests, emails: delivery.sent });
    }
    return days;
  } finally {
    mailer.close();
    await producers?.close();
    await runtime.close();
  }
}

async function existingDigests(runtime: Runtime, date: string): Promise<DigestIssued[]> {
  const rows: Array<{ payload: DigestIssued }> = await runtime.db('digests').where('digest_date', date).orderBy('practitioner_id').select('payload');
  return rows.map((row) => row.payload);
}

const leadsWithStory = (digest: DigestIssued) => /^F-(DAVIS|TOM)$/.test(digest.families[0]?.familyId ?? '');

/** The morning's digests worth reading first: those that lead with the story families, then the busiest. */
export function demoSummary(days: readonly DemoDay[], smtpUrl: string): string {
  const last = days[days.length - 1];
  const featured = [...last.digests]
    .filter((digest) => digest.families.length > 0)
    .sort((a, b) => Number(leadsWithStory(b)) - Number(leadsWithStory(a)) || b.families.length - a.families.length)
    .slice(0, 2);
  const emails = days.reduce((sum, day) => sum + day.emails, 0);
  const lines = [
    '',
    ...featured.map((digest) => renderDigestText(digest, { maxFamilies: 3 }) + '\n'),
    `Digests issued for ${days.map((d) => d.date).join(', ')}. Read them all with:`,
    `  npx live-risk digest --date ${last.date} --format text     (or json, or html)`,
    `${emails} notification emails went to ${smtpUrl} (counts and a link only, no personal data); read them with:`,
    '  npx live-risk mail list',
    'See the risk rules with: npx live-risk rules show',
    'See what each role may see, and on what lawful basis, with: npx live-risk policy show',
    'Check every agency message is accounted for with: npx live-risk status',
  ];
  return lines.join('\n');
}
