import { runQualityReport, type QualityReportOptions } from '../labelled-linkage';
import { measureCsvExtract, type CsvExtractOptions } from './csv-extract/measure';
import { measureEventMatching, type EventMatchingOptions } from './event-matching';
import { measurePairThroughput, type PairThroughputOptions } from './pair-throughput';

/**
 * One measurement in its own process, started by run.ts: `child.ts <task> <options as JSON>`.
 * Progress goes to stderr; the result is the last stdout line, after `resultMarker`.
 */
export const resultMarker = 'BENCH-RESULT ';

export type ChildTask =
  | { task: 'quality'; options: Omit<QualityReportOptions, 'progress'> }
  | { task: 'pairs'; options: PairThroughputOptions }
  | { task: 'matching'; options: EventMatchingOptions }
  | { task: 'csv-extract'; options: CsvExtractOptions };

function run(job: ChildTask): unknown | Promise<unknown> {
  const progress = (line: string) => process.stderr.write(`  ${line}\n`);
  switch (job.task) {
    case 'quality':
      return runQualityReport({ ...job.options, progress });
    case 'pairs':
      return measurePairThroughput(job.options);
    case 'matching':
      return measureEventMatching(job.options);
    case 'csv-extract':
      return measureCsvExtract(job.options);
  }
}

if (require.main === module) {
  const [task, options] = process.argv.slice(2);
  void Promise.resolve(run({ task, options: JSON.parse(options ?? '{}') } as ChildTask)).then((result) => {
    process.stdout.write(`${resultMarker}${JSON.stringify(result)}\n`);
  });
}
