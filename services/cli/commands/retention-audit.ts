import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { loadConfig } from '../../platform/config';
import { terminal } from '../../platform/terminal';
import { readPersonFile, runRetentionAudit, type AuditReport, type PlaceReport } from '../../retention-audit';
import { formatOption } from '../options';
import { progressBar } from '../progress';
import { formatTable } from '../table';

/**
 * `live-risk retention audit`: proof, not promise. Searches everywhere live-risk writes for one
 * person and says where anything was found (place, count, which attribute, where in the place),
 * never what. Exit 0: nothing found and every place searched; 1: found; 2: a place could not be
 * searched (named, with why) and nothing was found elsewhere.
 */
const attributeList = (place: PlaceReport) =>
  Object.entries(place.attributes)
    .map(([attribute, count]) => `${attribute} ×${count}`)
    .join(', ');

const headline: Readonly<Record<AuditReport['verdict'], (report: AuditReport) => string>> = {
  found: (report) => `FOUND: records that identify the person are in ${report.places.filter((p) => p.found > 0).length} place(s)`,
  incomplete: (report) =>
    `NOT PROVEN: nothing found where searched, but ${report.places.filter((p) => p.status === 'not-searched').length} place(s) could not be searched`,
  'not-found': (report) => `nothing found: all ${report.places.length} places searched, none holds a record that identifies the person`,
};

const matchRows = (places: readonly PlaceReport[], count: (place: PlaceReport) => number) =>
  places.map((p) => [p.kind, p.place, `${count(p)} of ${p.records} ${p.unit}`, attributeList(p), p.locations.join('; ')]);

export function renderAuditText(report: AuditReport): string {
  const sections = [terminal`retention audit: ${headline[report.verdict](report)} (exit ${report.exitCode})`];
  const found = report.places.filter((place) => place.found > 0);
  if (found.length) {
    sections.push(
      'Found (records that identify the person: one of their identifiers, or two of given name, family name and date of birth):\n' +
        formatTable(['Kind', 'Place', 'Records', 'Attributes matched', 'Where'], matchRows(found, (p) => p.found)),
    );
  }
  const partial = report.places.filter((place) => place.found === 0 && place.partial > 0);
  if (partial.length) {
    sections.push(
      'Partial matches (one attribute that does not identify the person alone, e.g. a family name or a postcode; look at them):\n' +
        formatTable(['Kind', 'Place', 'Records', 'Attributes matched', 'Where'], matchRows(partial, (p) => p.partial)),
    );
  }
  const missed = report.places.filter((place) => place.status === 'not-searched');
  if (missed.length) {
    sections.push('Not searched (nothing is known about these):\n' + formatTable(['Kind', 'Place', 'Why'], missed.map((p) => [p.kind, p.place, p.reason ?? ''])));
  }
  const searched = report.places.filter((place) => place.status === 'searched');
  sections.push(
    terminal`Searched (${searched.length} places, ${report.startedAt} to ${report.finishedAt}):\n` +
      formatTable(['Kind', 'Place', 'Read', 'Found', 'Partial'], searched.map((p) => [p.kind, p.place, `${p.records} ${p.unit}`, String(p.found), String(p.partial)])),
  );
  return sections.join('\n\n');
}

const personHelp = `
The person file (JSON; only the names are required) keeps names and identifiers off the command line
and out of shell history. It is read, never copied, and nothing from it is printed or logged:

  {
    "givenName": "Zoë", "familyName": "O'Brien-Hart", "dateOfBirth": "2014-03-09",
    "identifiers": { "nhsNumber": "943 476 5919", "pncId": "12/345678A", "memberId": "F0042-M3",
                     "uprn": "100023336956", "postcode": "BA1 1AA", "other": ["HT-77812"] }
  }

Searched, as the Kafka administrator and the database owner: every topic live-risk owns (every
partition, from the earliest retained offset), every table of every schema in its database (replays
included), the stack's logs and the processes' logs (LIVE_RISK_LOG_DIR or --log-dir), the mail sink,
and the portal's pages rendered from the database. Matching ignores case, accents and apostrophes,
finds dates of birth as 2014-03-09, 09/03/2014, 09032014 and "9 March 2014", NHS numbers with or
without spaces, and looks inside the wire format, JSON and base64 (dead letters).

A record is found when it holds one of the person's identifiers, or two of given name, family name
and date of birth; a record with one weaker attribute only is listed as a partial match.

Each run is recorded in the audit log (kind retention-audit): who ran it, when, and how many places
were searched and found; never the person searched for.

Exit codes: 0 nothing found and every place searched; 1 found (the places are listed);
2 a place could not be searched (listed, with why) and nothing was found elsewhere.
`;

export function registerRetentionAuditCommand(retention: Command): void {
  retention
    .command('audit')
    .description('search everywhere live-risk writes for one person and say where anything was found (proof that they are gone)')
    .requiredOption('--person <file>', 'JSON file with the person’s names, date of birth and identifiers (see below)')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .option('--log-dir <dirs...>', 'directories holding the processes’ logs (default: LIVE_RISK_LOG_DIR)')
    .option('--by <name>', 'who runs it, recorded in the audit log with the counts, never the person (default: your user name)', userInfo().username)
    .option('--no-process-logs', 'say that the processes’ logs are kept nowhere (they went to a terminal), so there is nothing to search')
    .addHelpText('after', personHelp)
    .action(async (options: { person: string; format: 'json' | 'text'; logDir?: string[]; processLogs: boolean; by: string }) => {
      const config = loadConfig();
      const person = readPersonFile(options.person);
      const processLogs = options.processLogs ? (options.logDir ?? (config.logDir ? [config.logDir] : [])) : 'kept-nowhere';
      const report = await runRetentionAudit({ config, person, processLogs, actor: `operator:${options.by}`, progress: (label) => progressBar(`searching ${label}`) });
      process.exitCode = report.exitCode;
      console.log(options.format === 'json' ? JSON.stringify(report, null, 2) : renderAuditText(report));
    });
}
