import type { Command } from 'commander';
import { accessSync, constants, createReadStream, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { healthContact } from '../../contracts';
import { isAgency, type Sender } from '../../ingest';
import { ingestExtract } from '../../ingest/extract-ingest';
import { formatExtractReport, loadExtractMapping } from '../../ingest/extracts';
import { loadFhirMapping } from '../../ingest/fhir';
import { ingestBundle, type FhirIngestReport } from '../../ingest/fhir-ingest';
import { agencyOfType } from '../../ingest/validate';
import { loadConfig } from '../../platform/config';
import { describeError, LiveRiskError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { formatOption } from '../options';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';

/** Files sent from the council's side (a mailed extract, an exported Bundle) carry the operator's name instead of an API key's id. */
const cliSender = (agency: Sender['agency']): Sender => ({ agency, keyId: `cli:${userInfo().username}` });

/**
 * `live-risk ingest csv` and `live-risk ingest fhir`: the same translation and publication as POST
 * /v1/extracts and /v1/fhir, for a file in hand. Exit 0 when every row was published (or had been),
 * 1 when some were refused (with --accept-partial the others are published), 2 for a bad mapping.
 */
export function registerIngestFileCommands(ingest: Command): void {
  ingest
    .command('csv')
    .description("publish an agency's CSV extract through its mapping file, with a report of every refused row and why")
    .requiredOption('--agency <agency>', 'the agency the extract is from; must be the mapping’s agency')
    .requiredOption('--mapping <file>', 'the mapping file (e.g. services/ingest/extracts/examples/police-mapping.json)')
    .option('--accept-partial', 'publish the rows that translate even when others are refused (by default a file with a bad row publishes nothing)')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .argument('<extract>', 'the CSV extract, header row first')
    .addHelpText('after', '\nSending the same file twice publishes nothing twice: each row is idempotent by its record reference (eventId).\nA reference already published with other content is refused (a correction needs a new reference).')
    .action(async (extract: string, options: { agency: string; mapping: string; acceptPartial?: boolean; format: 'json' | 'text' }) => {
      const mapping = loadExtractMapping(options.mapping);
      if (!isAgency(options.agency) || mapping.agency !== options.agency) {
        throw new LiveRiskError('INPUT_INVALID', `the mapping ${options.mapping} is for ${mapping.agency}, not "${options.agency}"`, { hint: `pass --agency ${mapping.agency}, or the mapping of ${options.agency}` });
      }
      try {
        accessSync(extract, constants.R_OK);
      } catch (error) {
        throw new LiveRiskError('INPUT_INVALID', `cannot read the extract ${extract}: ${describeError(error)}`, { hint: 'check the path of the CSV file' });
      }
      const report = await withRuntime((runtime) =>
        ingestExtract(runtime, cliSender(mapping.agency), () => createReadStream(extract), mapping, {
          partial: options.acceptPartial,
          onProgress: (rows) => say(`${rows.toLocaleString('en-GB')} rows read`),
        }),
      );
      if (options.format === 'json') console.log(JSON.stringify(report, null, 2));
      else {
        console.log(formatExtractReport(report));
        console.log(terminal`published ${report.published} new events; ${report.replayed} had been published before (nothing sent again); ${report.conflicts} references reused with other content`);
        if (report.rejected > 0 && !report.partial) console.log('nothing was published: fix the rows above, or run again with --accept-partial to publish the others');
      }
      if (report.rejected > 0) process.exitCode = 1;
    });

  const fhirAgency = agencyOfType(healthContact.shape.type.value);
  ingest
    .command('fhir')
    .description('publish the Encounters of a FHIR R4 (UK Core) Bundle as health contacts, with a line per Encounter')
    .option('--mapping <file>', 'the FHIR mapping (code table); default INGEST_FHIR_MAPPING_FILE')
    .option('--accept-partial', 'publish the Encounters that translate even when others are refused')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .argument('<bundle>', 'the Bundle, as JSON')
    .action(async (file: string, options: { mapping?: string; acceptPartial?: boolean; format: 'json' | 'text' }) => {
      const mappingFile = options.mapping ?? loadConfig().ingest.fhirMappingFile;
      if (!mappingFile) throw new LiveRiskError('INPUT_INVALID', 'no FHIR mapping given', { hint: 'pass --mapping FILE or set INGEST_FHIR_MAPPING_FILE (example: services/ingest/fhir/examples/fhir-mapping.json)' });
      const mapping = loadFhirMapping(mappingFile);
      let bundle: unknown;
      try {
        bundle = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new LiveRiskError('INPUT_INVALID', `cannot read the Bundle ${file} as JSON: ${describeError(error)}`, { hint: 'pass a FHIR R4 Bundle in JSON' });
      }
      if (!fhirAgency) throw new LiveRiskError('INTERNAL', 'no agency publishes health contacts');
      const report = await withRuntime((runtime) => ingestBundle(runtime, cliSender(fhirAgency), bundle, mapping, { partial: options.acceptPartial }));
      if (options.format === 'json') console.log(JSON.stringify(report, null, 2));
      else console.log(formatFhirReport(report, Boolean(options.acceptPartial)));
      if (report.refused > 0) process.exitCode = 1;
    });
}

function formatFhirReport(report: FhirIngestReport, partial: boolean): string {
  const lines = report.results.map((result) => {
    const where = result.entry === null ? 'Bundle' : terminal`entry ${result.entry} (${result.encounter ?? 'Encounter'})`;
    const status = result.status === 'accepted' ? (result.replayed ? 'accepted before, not sent again' : 'published') : result.status;
    const problems = (result.problems ?? []).map((p) => terminal`\n    ${p.path ? `${p.path}: ` : ''}${p.message}`).join('');
    return `  ${where}: ${status}` + (result.eventId ? terminal` as ${result.eventId}` : '') + problems;
  });
  const summary = terminal`${report.encounters} Encounters: ${report.published} published, ${report.replayed} published before, ${report.refused} refused`;
  const nothing = report.refused > 0 && !partial ? '\nnothing was published: fix the Encounters above, or run again with --accept-partial to publish the others' : '';
  return [summary, ...lines].join('\n') + nothing;
}
