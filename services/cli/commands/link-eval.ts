import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  caseTable, datasetFiles, difficulties, evaluateByGroup, evaluateLinks, generateDataset, qualityTable, readCases, readLinks,
  readTruth, reportLevels, runQualityReport, scoresTable, writeDatasetFiles, type Difficulty,
} from '../../../pipelines/labelled-linkage';
import { LiveRiskError, describeError } from '../../platform/errors';
import { terminal } from '../../platform/terminal';
import { positiveIntegerOption } from '../options';
import { say } from '../progress';

function difficultyOption(value: string): Difficulty {
  if (!(difficulties as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${difficulties.join(', ')}`);
  return value as Difficulty;
}

function levelsOption(value: string): Difficulty[] {
  return value.split(',').map((level) => difficultyOption(level.trim()));
}

function shareOption(value: string): number {
  const share = Number(value);
  if (value.trim() === '' || !(share >= 0 && share <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1, e.g. 0.15 (0: no identifiers)');
  return share;
}

/** Reads one of the files a score needs, turning a missing or malformed file into advice. */
function readOrExplain<T>(path: string, what: string, read: (path: string) => T): T {
  try {
    return read(path);
  } catch (error) {
    throw new LiveRiskError('INPUT_INVALID', `cannot read ${what} ${path}: ${describeError(error)}`, {
      hint: what === 'links'
        ? 'give the file `live-risk link --out` wrote (columns record_id,cohort_id,score,decision)'
        : 'give the truth.csv that `live-risk link-eval generate` wrote (columns record_id,cohort_id)',
    });
  }
}

export function registerLinkEvalCommand(program: Command): void {
  const linkEval = program
    .command('link-eval')
    .description('measure the person-linkage engine on labelled synthetic data: generate a labelled problem, score links against its truth, or report quality per difficulty level');

  linkEval
    .command('generate')
    .description('write a labelled linkage problem: cohort.csv and records.csv (the files `live-risk link` reads), truth.csv (record_id,cohort_id for every record about a cohort member; outsiders have no row) and cases.csv (what was done to each record)')
    .requiredOption('--out <dir>', 'directory to write the four files to (created if needed; existing files are replaced)')
    .option('--cohort-size <n>', 'cohort persons (for febrl-like: originals, and as many corrupted copies)', positiveIntegerOption, 10_000)
    .option('--records <n>', 'agency records (ignored for febrl-like)', positiveIntegerOption, 2_000)
    .option('--difficulty <level>', `${difficulties.join(' | ')}: how damaged the records are and how many are near-misses; mixed draws each record's level at random`, difficultyOption, 'realistic')
    .option('--nhs-share <share>', "share of records that carry the person's NHS number (default: the level's own; 0 for a no-identifier run)", shareOption)
    .option('--seed <n>', 'same seed and options, same files', positiveIntegerOption, 1)
    .addHelpText('after', '\nEverything is synthetic. Example:\n  live-risk link-eval generate --out /tmp/eval --difficulty hard\n  live-risk link --cohort /tmp/eval/cohort.csv --records /tmp/eval/records.csv --out /tmp/eval/links.csv\n  live-risk link-eval score --links /tmp/eval/links.csv --truth /tmp/eval/truth.csv')
    .action((options: { out: string; cohortSize: number; records: number; difficulty: Difficulty; nhsShare?: number; seed: number }) => {
      say(`generating ${options.difficulty}: ${options.cohortSize} cohort persons${options.difficulty === 'febrl-like' ? ' and as many copies' : `, ${options.records} records`} (seed ${options.seed})`);
      const { difficulty, cohortSize, records, nhsShare, seed } = options;
      const dataset = generateDataset({ difficulty, cohortSize, records, nhsShare, seed });
      const paths = writeDatasetFiles(options.out, dataset);
      const truePairs = dataset.records.filter((r) => r.cohortId !== null).length;
      console.log(terminal`wrote ${paths.cohort} (${dataset.cohort.length} persons), ${paths.records} (${dataset.records.length} records), ${paths.truth} (${truePairs} true pairs), ${paths.cases}`);
    });

  linkEval
    .command('score')
    .description('precision, recall and F1 of `link` decisions alone and of `link` plus `review`, counted over (record, cohort person) pairs; with cases.csv, also per difficulty level and per kind of record')
    .requiredOption('--links <file>', 'links.csv from `live-risk link` (record_id,cohort_id,score,decision)')
    .requiredOption('--truth <file>', 'truth.csv from `live-risk link-eval generate` (record_id,cohort_id)')
    .option('--cases <file>', 'cases.csv for a breakdown by level and kind of record (default: cases.csv beside the truth file, if there)')
    .option('--all-cases', 'list every kind of record, not only those with misses or wrong links')
    .action((options: { links: string; truth: string; cases?: string; allCases?: boolean }) => {
      const truth = readOrExplain(options.truth, 'truth', readTruth);
      const links = readOrExplain(options.links, 'links', readLinks);
      const casesPath = options.cases ?? join(dirname(options.truth), datasetFiles.cases);
      const cases = options.cases !== undefined || existsSync(casesPath) ? readOrExplain(casesPath, 'cases', readCases) : undefined;
      const recordIds = cases ? new Set(cases.keys()) : undefined;
      console.log(scoresTable([{ label: 'all', evaluation: evaluateLinks(links, truth, recordIds) }]));
      if (!cases) return;
      const byGroup = evaluateByGroup(links, truth, cases);
      const levels = difficulties.flatMap((level) => byGroup.filter(({ group }) => group === `level:${level}`));
      if (levels.length > 1) console.log(['', 'By difficulty level', '', scoresTable(levels.map(({ group, evaluation }) => ({ label: group.slice(6), evaluation })))].join('\n'));
      console.log(['', 'By kind of record' + (options.allCases ? '' : ' (only kinds with link recall under 0.95 or a wrong link)'), '', caseTable(byGroup, !options.allCases)].join('\n'));
    });

  linkEval
    .command('report')
    .description('generate each difficulty level, link it with the engine in this process (model fitted by EM without labels, thresholds from the model) and print a Markdown table: P/R/F1 of link and of link+review, blocking pairs completeness, candidates per record')
    .option('--seed <n>', 'seed for every level', positiveIntegerOption, 1)
    .option('--levels <list>', `comma-separated, from ${difficulties.join(', ')}`, levelsOption, [...reportLevels])
    .option('--cohort-size <n>', 'cohort persons for easy, realistic, hard and mixed', positiveIntegerOption, 20_000)
    .option('--records <n>', 'records for easy, realistic, hard and mixed', positiveIntegerOption, 5_000)
    .option('--febrl-size <n>', 'originals (and copies) for febrl-like', positiveIntegerOption, 5_000)
    .option('--nhs-share <share>', "share of records carrying an NHS number (default: each level's own; 0 for no identifiers)", shareOption)
    .option('--no-estimate', "use the engine's default model instead of fitting it to each level by EM")
    .option('--all-candidates', 'report every candidate at or above review, not just each record’s best (the engine’s one-to-one mode is the default)')
    .option('--cases', 'also print, per level, the kinds of record with misses or wrong links')
    .action((options: { seed: number; levels: Difficulty[]; cohortSize: number; records: number; febrlSize: number; nhsShare?: number; estimate: boolean; allCandidates?: boolean; cases?: boolean }) => {
      const runs = runQualityReport({ ...options, oneToOne: !options.allCandidates, progress: say });
      console.log(qualityTable(runs));
      console.log(terminal`\nmodel: ${options.estimate ? 'fitted by EM to each level without labels' : 'engine default'}; ${options.allCandidates ? 'every candidate reported' : 'one-to-one (best candidate per record)'}; seed ${options.seed}`);
      if (options.cases) for (const run of runs) console.log(['', run.level, '', caseTable(run.byCase)].join('\n'));
    });
}
