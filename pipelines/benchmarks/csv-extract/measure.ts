import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractReportBuilder, loadExtractMapping, translateExtract } from '../../../services/ingest/extracts';
import { PeakMemory, retainedHeapBytes } from '../memory';
import { writeSyntheticExtract } from './synthetic-extract';

export type CsvExtractOptions = Readonly<{ rows: number; seed: number }>;

export type CsvExtractRun = Readonly<{
  rows: number;
  fileBytes: number;
  accepted: number;
  rejected: number;
  seconds: number;
  rowsPerSecond: number;
  /** Rows per second of this process's own CPU time: steadier than wall time on a shared machine. */
  rowsPerCpuSecond: number;
  /** Before reading: the process with the mapping loaded, for the growth the read itself causes. */
  baselineRssBytes: number;
  peakRssBytes: number;
  peakHeapUsedBytes: number;
  retainedHeapBytes: number | null;
}>;

const mappingFile = join(__dirname, '../../../services/ingest/extracts/examples/police-mapping.json');

/**
 * Streams a synthetic police extract of `rows` rows from a file through translateExtract, as the
 * CLI and the API will, keeping only the report (no outcome is held). The heap is sampled every
 * 1,000 rows; RSS is the kernel's high-water mark. Run in a child of its own (run.ts), so the peak
 * is this read's; writing the file happens first and its buffers are collected before the read.
 */
export async function measureCsvExtract(options: CsvExtractOptions): Promise<CsvExtractRun> {
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-csv-bench-'));
  try {
    const file = join(dir, 'extract.csv');
    const fileBytes = await writeSyntheticExtract(file, options.rows, options.seed);
    const mapping = loadExtractMapping(mappingFile);
    retainedHeapBytes();
    const baselineRssBytes = process.memoryUsage().rss;
    const memory = new PeakMemory();
    const report = new ExtractReportBuilder();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let n = 0;
    for await (const outcome of translateExtract(createReadStream(file), mapping)) {
      report.add(outcome);
      if (++n % 1_000 === 0) memory.sample();
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const { rows, accepted, rejected } = report.report();
    const peaks = memory.snapshot();
    return { rows, fileBytes, accepted, rejected, seconds, rowsPerSecond: rows / seconds, rowsPerCpuSecond: rows / cpuSeconds, baselineRssBytes, ...peaks, retainedHeapBytes: retainedHeapBytes() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
