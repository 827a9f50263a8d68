import { readFile, writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import {
  buildCohortIndex, defaultModel, estimateModel, linkRecords, parseLinkageModel, type LinkageModel, type LinkStats, type PersonRecord, type ScoredPair,
} from '../../linkage';
import { formatLinksCsv, parsePersonCsv, requiredPersonColumns } from '../../linkage/person-csv';
import { LiveRiskError, describeError } from '../../platform/errors';
import { progressBar, say } from '../progress';

type LinkCommandOptions = {
  cohort: string;
  records: string;
  out: string;
  model?: string;
  /** undefined unless --estimate or --no-estimate is given: commander sets no default when both exist. */
  estimate?: boolean;
  saveModel?: string;
  oneToOne?: boolean;
  many?: boolean;
  linkThreshold?: number;
  reviewThreshold?: number;
  explain?: boolean;
};

const SHOWN_PROBLEMS = 10;

function scoreOption(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError('expected a score (log2 odds), e.g. 6.64 for a 0.99 match probability');
  return parsed;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new LiveRiskError('INPUT_INVALID', `cannot read the ${what} file ${file}: ${describeError(error)}`, { cause: error, hint: 'check the path' });
  }
}

async function readPeople(file: string, what: string): Promise<PersonRecord[]> {
  const { people, problems } = parsePersonCsv(await readText(file, what));
  if (problems.length === 0) return people;
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => `  ${file}:${p.line}${p.column ? ` column ${p.column}` : ''}: ${p.reason}`);
  const more = problems.length > SHOWN_PROBLEMS ? `\n  ... and ${problems.length - SHOWN_PROBLEMS} more` : '';
  throw new LiveRiskError('INPUT_INVALID', `${problems.length} problem(s) in the ${what} file:\n${shown.join('\n')}${more}`, {
    hint: `fix the rows named above; the columns are ${requiredPersonColumns.join(',')} and optionally nhs_number,pnc_id,uprn`,
  });
}

async function readModel(file: string): Promise<LinkageModel> {
  let json: unknown;
  try {
    json = JSON.parse(await readText(file, 'model'));
  } catch (error) {
    if (error instanceof LiveRiskError) throw error;
    throw new LiveRiskError('INPUT_INVALID', `the model file ${file} is not JSON: ${describeError(error)}`, { hint: 'pass a file written by --save-model' });
  }
  try {
    return parseLinkageModel(json);
  } catch (error) {
    throw new LiveRiskError('INPUT_INVALID', `the model file ${file} is not a linkage model: ${describeError(error)}`, { cause: error, hint: 'pass a file written by --save-model' });
  }
}

export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('link each person in a records CSV to the cohort CSV (Fellegi–Sunter with term frequencies; see services/linkage/README.md)')
    .requiredOption('--cohort <file>', `the people to link to (CSV with ${requiredPersonColumns.join(',')}; optional nhs_number,pnc_id,uprn)`)
    .requiredOption('--records <file>', 'the people to link (same columns)')
    .requiredOption('--out <file>', 'where to write the links: record_id,cohort_id,score,decision')
    .option('--model <file>', 'a linkage model (JSON); default: the built-in model')
    .option('--estimate', 'fit m, u and the prior to these files without labels before linking (default)')
    .option('--no-estimate', 'use the model as it is')
    .option('--save-model <file>', 'write the model used (after estimation) as JSON')
    .option('--one-to-one', "report each record's best candidate only, as a review when a runner-up is close (default)")
    .option('--many', 'report every candidate at or above the review threshold')
    .option('--link-threshold <score>', 'score for a link (default from the model: match probability 0.99)', scoreOption)
    .option('--review-threshold <score>', 'score for a review (default from the model: match probability 0.5)', scoreOption)
    .option('--explain', 'add an explanation column in plain words')
    .action(async (options: LinkCommandOptions) => {
      if (options.oneToOne && options.many) throw new LiveRiskError('INPUT_INVALID', '--one-to-one and --many contradict each other', { hint: 'pass one of them' });
      const started = Date.now();
      const [cohort, records] = await Promise.all([readPeople(options.cohort, 'cohort'), readPeople(options.records, 'records')]);
      let model = options.model ? await readModel(options.model) : defaultModel;
      if (options.estimate !== false) {
        say(`estimating the model on ${records.length} records against ${cohort.length} cohort people...`);
        model = estimateModel(cohort, records, { base: model });
      }
      const thresholds = { link: options.linkThreshold ?? model.thresholds.link, review: options.reviewThreshold ?? model.thresholds.review };
      if (thresholds.review > thresholds.link) throw new LiveRiskError('INPUT_INVALID', `the review threshold (${thresholds.review}) is above the link threshold (${thresholds.link})`, { hint: 'lower --review-threshold or raise --link-threshold' });
      model = { ...model, thresholds };
      if (options.saveModel) await writeFile(options.saveModel, JSON.stringify(model, null, 2) + '\n');

      const index = buildCohortIndex(cohort, model);
      const stats: LinkStats = { records: 0, candidates: 0, links: 0, reviews: 0 };
      const progress = process.stderr.isTTY || records.length > 5000 ? progressBar('linking records') : undefined;
      const pairs: ScoredPair[] = [];
      for (const pair of linkRecords(index, withProgress(records, progress), { oneToOne: !options.many, stats })) pairs.push(pair);
      await writeFile(options.out, formatLinksCsv(pairs, options.explain ?? false));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const perRecord = stats.records > 0 ? (stats.candidates / stats.records).toFixed(1) : '0';
      say(`linked ${stats.records} records against ${index.size} cohort people in ${seconds}s: ${stats.links} links, ${stats.reviews} reviews, ${perRecord} candidates compared per record; written to ${options.out}`);
    });
}

function* withProgress<T>(items: readonly T[], progress: ((done: number, total: number) => void) | undefined): Iterable<T> {
  for (let i = 0; i < items.length; i++) {
    if (progress && (i % 1000 === 0 || i === items.length - 1)) progress(i + 1, items.length);
    yield items[i];
  }
}
