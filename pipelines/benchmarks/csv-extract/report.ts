import type { CsvExtractRun } from './measure';

type Outcome = CsvExtractRun | { error: string };

const mb = (bytes: number | null) => (bytes === null ? '—' : `${Math.round(bytes / 1024 ** 2)} MB`);
const thousands = (n: number) => Math.round(n).toLocaleString('en-GB');

/** The CSV extract section of the bench report: one row per size, so flat memory shows as equal columns. */
export function formatCsvExtractReport(runs: readonly Outcome[]): string {
  const rows = runs.map((run) =>
    'error' in run
      ? `| failed: ${run.error} | | | | | | | |`
      : `| ${thousands(run.rows)} | ${mb(run.fileBytes)} | ${thousands(run.accepted)} / ${thousands(run.rejected)} | ${thousands(run.rowsPerSecond)} | ${thousands(run.rowsPerCpuSecond)} | ${mb(run.baselineRssBytes)} → ${mb(run.peakRssBytes)} | ${mb(run.peakHeapUsedBytes)} | ${mb(run.retainedHeapBytes)} |`,
  );
  return [
    '## CSV extract translation',
    '',
    'A synthetic police extract (the layout of services/ingest/extracts/examples/police-extract.csv, ~2% bad rows) streamed from a file through ' +
      '`translateExtract` with the example mapping, keeping only the report. Each size in its own process; RSS is the kernel high-water mark, ' +
      'heap sampled every 1,000 rows. Flat memory: the peaks do not grow with the rows.',
    '',
    '| rows | file | accepted / rejected | rows/s (wall) | rows per CPU-second | RSS before → peak | peak heap used | heap after GC |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
