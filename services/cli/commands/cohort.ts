import type { Command } from 'commander';
import { importCohortRows, readCohortCsv } from '../../cohort/import-cohort';
import { cohortCsvColumns } from '../../cohort/csv-format';
import { terminal } from '../../platform/terminal';
import { progressBar } from '../progress';
import { withRuntime } from '../with-runtime';

export function registerCohortCommands(program: Command): void {
  const cohort = program.command('cohort').description("the council's cohort of supported families, as events on cohort.events.v1");
  cohort
    .command('import')
    .description('turn a council export (CSV, one row per family member) into cohort events')
    .argument('<file>', `CSV with the header: ${cohortCsvColumns.join(',')}`)
    .option('--skip-bad-rows', 'publish the valid rows even when some are rejected (default: publish nothing)')
    .option('--check', 'validate the file and report rejections without publishing anything')
    .action(async (file: string, options: { skipBadRows?: boolean; check?: boolean }) => {
      const parsed = await readCohortCsv(file);
      for (const rejection of parsed.rejections) console.error(terminal`${file}:${rejection.line}: ${rejection.reason}`);
      if (options.check) {
        console.log(terminal`${parsed.rows.length} valid rows, ${parsed.rejections.length} rejected`);
        if (parsed.rejections.length) process.exitCode = 1;
        return;
      }
      const result = await withRuntime((runtime) =>
        importCohortRows(runtime, parsed, { skipBadRows: options.skipBadRows, onProgress: progressBar('publishing cohort events') }),
      );
      if (!result.published) {
        console.error(
          terminal`nothing imported: ${result.rejections.length} row(s) rejected. Fix them and import again, or pass --skip-bad-rows to import the ${result.members} valid rows.`,
        );
        process.exitCode = 1;
        return;
      }
      console.log(terminal`imported ${result.families} families, ${result.members} members as ${result.events} cohort events` +
        (result.rejections.length ? terminal` (${result.rejections.length} rows skipped)` : ''));
    });
}
