import { measureCsvExtract } from './measure';
import { formatCsvExtractReport } from './report';

/**
 * `npx tsx pipelines/benchmarks/csv-extract/index.ts [--rows N] [--seed N]`: one CSV extract
 * measurement in this process (npm run bench runs it in children, at 10,000 and 100,000 rows).
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: number) => {
    const at = argv.indexOf(flag);
    return at >= 0 && /^\d+$/.test(argv[at + 1] ?? '') ? Number(argv[at + 1]) : fallback;
  };
  const run = await measureCsvExtract({ rows: value('--rows', 100_000), seed: value('--seed', 1) });
  process.stdout.write(formatCsvExtractReport([run]));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`csv-extract: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
