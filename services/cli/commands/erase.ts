import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { appendAuditEntries } from '../../audit';
import { activeHolds, eraseFamily, placeHold, releaseHolds, type ErasureOutcome } from '../../erasure';
import { terminal } from '../../platform/terminal';
import { withRuntime } from '../with-runtime';

const governanceNote =
  '\nThe reason and justification go into the audit log, which outlives every erasure: write why and on what basis,\n' +
  'never names, dates of birth or identifiers.\n';

/**
 * `live-risk erase`: crypto-shredding of one family (services/erasure), and the safeguarding holds
 * that block it. Exit 0: done (or would be, with --dry-run, or already erased); 1: a hold blocks it,
 * or no such family.
 */
export function registerEraseCommands(program: Command): void {
  const erase = program
    .command('erase')
    .description("erase a family: destroy its key (its events in Kafka become unreadable), remove its rows, record who decided, why and on what basis")
    // `erase hold --family X`: the options after a subcommand's name are the subcommand's own.
    .enablePositionalOptions()
    .option('--family <id>', "the council's family id")
    .option('--reason <text>', 'why the family is erased (recorded in the audit log)')
    .option('--basis <basis>', 'the basis, e.g. retention-schedule, right-to-erasure, consent-withdrawn')
    .option('--by <name>', 'who decided, recorded in the audit log (default: your user name)', userInfo().username)
    .option('--dry-run', 'say what would go and whether a hold blocks it; change nothing')
    .addHelpText('after', governanceNote + 'Irreversible: once the key is destroyed nothing can read the family’s sealed data, backups of the log included.\n')
    .action(async (options: { family?: string; reason?: string; basis?: string; by: string; dryRun?: boolean }) => {
      const missing = (['family', 'reason', 'basis'] as const).filter((name) => !options[name]);
      if (missing.length > 0) {
        console.error(terminal`erase needs ${missing.map((name) => `--${name}`).join(', ')}; see live-risk erase --help`);
        process.exitCode = 2;
        return;
      }
      const request = { familyId: options.family!, reason: options.reason!, basis: options.basis!, actor: `operator:${options.by}`, dryRun: options.dryRun ?? false };
      const outcome = await withRuntime((runtime) => eraseFamily(runtime, request));
      report(request.familyId, outcome);
    });

  erase
    .command('hold')
    .description('place a safeguarding hold: the family cannot be erased until it is released')
    .requiredOption('--family <id>', "the council's family id")
    .requiredOption('--justification <text>', 'why the record must be kept (recorded in the audit log)')
    .option('--by <name>', 'who placed it (default: your user name)', userInfo().username)
    .addHelpText('after', governanceNote)
    .action(async (options: { family: string; justification: string; by: string }) => {
      const hold = await withRuntime((runtime) =>
        runtime.db.transaction(async (trx) => {
          const placed = await placeHold(trx, options.family, options.justification, options.by);
          await appendAuditEntries(trx, [{ kind: 'erasure', actor: `operator:${options.by}`, familyId: options.family, justification: options.justification, detail: { action: 'hold', holdId: placed.holdId } }]);
          return placed;
        }),
      );
      console.log(terminal`hold ${hold.holdId} placed on family ${hold.familyId} by ${hold.heldBy}: it cannot be erased until released (live-risk erase release --family ${hold.familyId})`);
    });

  erase
    .command('release')
    .description('release the safeguarding holds on a family, so it can be erased')
    .requiredOption('--family <id>', "the council's family id")
    .requiredOption('--reason <text>', 'why the hold is no longer needed (recorded in the audit log)')
    .option('--by <name>', 'who released it (default: your user name)', userInfo().username)
    .addHelpText('after', governanceNote)
    .action(async (options: { family: string; reason: string; by: string }) => {
      const released = await withRuntime((runtime) =>
        runtime.db.transaction(async (trx) => {
          const count = await releaseHolds(trx, options.family, options.by);
          if (count > 0) await appendAuditEntries(trx, [{ kind: 'erasure', actor: `operator:${options.by}`, familyId: options.family, justification: options.reason, detail: { action: 'release', holdsReleased: count } }]);
          return count;
        }),
      );
      if (released === 0) {
        console.log(terminal`family ${options.family} has no hold to release`);
        process.exitCode = 1;
        return;
      }
      console.log(terminal`released ${String(released)} hold(s) on family ${options.family}`);
    });

  erase
    .command('holds')
    .description('list the safeguarding holds in place on a family')
    .requiredOption('--family <id>', "the council's family id")
    .action(async (options: { family: string }) => {
      const holds = await withRuntime((runtime) => activeHolds(runtime.db, options.family));
      if (holds.length === 0) console.log(terminal`no hold on family ${options.family}`);
      for (const hold of holds) console.log(terminal`hold ${hold.holdId}, placed by ${hold.heldBy} on ${hold.heldAt.toISOString()}: ${hold.justification}`);
    });
}

function report(familyId: string, outcome: ErasureOutcome): void {
  const rows = (holdings: Readonly<Record<string, number>>) => Object.entries(holdings).map(([table, count]) => terminal`  ${table}: ${String(count)} row(s)`).join('\n');
  switch (outcome.kind) {
    case 'held':
      console.error(terminal`family ${familyId} is not erased: a safeguarding hold blocks it`);
      for (const hold of outcome.holds) console.error(terminal`  hold ${hold.holdId}, placed by ${hold.heldBy} on ${hold.heldAt.toISOString()}: ${hold.justification}`);
      console.error(terminal`release it first if it is no longer needed: live-risk erase release --family ${familyId} --reason TEXT`);
      process.exitCode = 1;
      return;
    case 'unknown':
      console.error(terminal`family ${familyId} is not known here: no rows and no key; check the id`);
      process.exitCode = 1;
      return;
    case 'already-erased':
      console.log(terminal`family ${familyId} was erased already; nothing to do`);
      return;
    case 'would-erase':
      console.log(terminal`dry run: erasing family ${familyId} would ${outcome.hasKey ? 'destroy its key (its events in Kafka become unreadable) and ' : ''}remove:`);
      console.log(rows(outcome.holdings) || '  no rows');
      console.log('nothing was changed');
      return;
    case 'erased':
      console.log(terminal`family ${familyId} erased: its key is destroyed, recorded as audit entry ${String(outcome.auditSeq)}; removed:`);
      console.log(rows(outcome.removed) || '  no rows');
      return;
    default: {
      const unhandled: never = outcome;
      throw new Error(`unknown erasure outcome ${JSON.stringify(unhandled)}`);
    }
  }
}
