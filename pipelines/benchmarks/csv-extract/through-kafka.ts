import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadExtractMapping } from '../../../services/ingest/extracts';
import { ingestExtract } from '../../../services/ingest/extract-ingest';
import { PeakMemory } from '../memory';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { measureCsvExtract } from './measure';
import { writeSyntheticExtract } from './synthetic-extract';

/**
 * `npx tsx pipelines/benchmarks/csv-extract/through-kafka.ts [--rows N] [--seed N]`: the whole of
 * `live-risk ingest csv --accept-partial` on a synthetic police extract (translation, the
 * idempotency rows in PostgreSQL, the wire format, Kafka's acks from all in-sync replicas), in
 * topics and a database of its own on the local stack, then the translation alone over the same
 * file in the same process, so the ratio shows what publishing costs. Prints one Markdown table.
 */
const mappingFile = join(__dirname, '../../../services/ingest/extracts/examples/police-mapping.json');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    return at >= 0 && /^\d+$/.test(argv[at + 1] ?? '') ? Number(argv[at + 1]) : fallback;
  };
  const rows = value('--rows', 100_000);
  const seed = value('--seed', 1);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-csv-e2e-'));
  try {
    const file = join(dir, 'extract.csv');
    await writeSyntheticExtract(file, rows, seed);
    const mapping = loadExtractMapping(mappingFile);
    const endToEnd = await withIsolatedRuntime(async (runtime) => {
      const memory = new PeakMemory();
      const started = performance.now();
      const report = await ingestExtract(runtime, { agency: 'police', keyId: 'bench' }, () => createReadStream(file), mapping, {
        partial: true,
        onProgress: (read) => {
          memory.sample();
          say(`${read.toLocaleString('en-GB')} rows read`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      return { report, seconds, ...memory.snapshot() };
    }, say);
    const translation = await measureCsvExtract({ rows, seed });
    const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
    const perSecond = (n: number) => Math.round(n).toLocaleString('en-GB');
    process.stdout.write(
      [
        `| ${rows.toLocaleString('en-GB')} rows | rows/s | published | refused | peak RSS |`,
        '|---|---:|---:|---:|---:|',
        `| ingest csv, through Kafka | ${perSecond(endToEnd.report.rows / endToEnd.seconds)} | ${endToEnd.report.published} | ${endToEnd.report.rejected} | ${mb(endToEnd.peakRssBytes)} |`,
        `| translation alone | ${perSecond(translation.rowsPerSecond)} | – | ${translation.rejected} | – (same process; see the child runs) |`,
        `| ratio (through Kafka ÷ translation) | ${(endToEnd.report.rows / endToEnd.seconds / translation.rowsPerSecond).toFixed(2)} | | | |`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`csv-extract through Kafka: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
