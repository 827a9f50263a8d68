import { InvalidArgumentError, type Command } from 'commander';
import type { Knex } from 'knex';
import { userInfo } from 'node:os';
import { appendAuditEntries, listAuditEntries, subjectAccess, verifyAuditLog, type AuditEntry, type ChainHead } from '../../audit';
import { toLocalIso } from '../../digest/window';
import { statusOf, type DecisionRecord } from '../../sharing-decisions';
import { loadConfig } from '../../platform/config';
import { withDatabase } from '../../platform/database';
import { terminal } from '../../platform/terminal';
import { calendarDateOption, formatOption, positiveIntegerOption } from '../options';
import { progressBar } from '../progress';
import { formatTable } from '../table';

const withDatabaseOfConfig = <T>(work: (db: Knex) => Promise<T>): Promise<T> => withDatabase(loadConfig().databaseUrl, work);

/**
 * `live-risk audit`: the record of disclosures, for information-governance officers. Needs only
 * PostgreSQL, not Kafka: an auditor can check the log while the pipeline is down.
 */

function anchorOption(value: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (!match || Number(match[1]) < 1) throw new InvalidArgumentError('expected SEQ:HASH as `audit verify` printed it, e.g. 42:3f9a…(64 hex digits)');
  return { seq: Number(match[1]), hash: match[2] };
}

const orDash = (value: string | null) => value ?? '-';
const what = (entry: AuditEntry) => [entry.itemId, entry.digestId && `digest ${entry.digestId}`].filter(Boolean).join(', ') || '-';
const source = (entry: AuditEntry) => [entry.agency, entry.category].filter(Boolean).join(' / ') || '-';

function entriesTable(entries: readonly AuditEntry[]): string {
  return formatTable(
    ['Seq', 'When (Europe/London)', 'Kind', 'By', 'To whom', 'What item', 'Agency / category', 'Level', 'Basis', 'Policy'],
    entries.map((e) => [String(e.seq), toLocalIso(e.at), e.kind, e.actor, orDash(e.recipient), what(e), source(e), orDash(e.level), orDash(e.lawfulBasis), orDash(e.policyVersion)]),
  );
}

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the record of disclosures: every item shown or shared, to whom, on what basis, under which policy (append-only, hash-chained)');

  audit
    .command('verify')
    .description('check that no audit entry was edited, deleted or moved; exit 1 naming the first bad entry')
    .option('--anchor <seq:hash>', 'a head printed by an earlier verify and kept elsewhere: also catches entries cut off the end', anchorOption)
    .option('--format <format>', 'text or json', formatOption, 'text')
    .addHelpText('after', '\nKeep the "--anchor" line it prints outside the database (a ticket, an email); passing it back later proves the log still holds everything it held then.\n')
    .action(async (options: { anchor?: ChainHead; format: 'json' | 'text' }) => {
      const bar = options.format === 'text' ? progressBar('verifying the audit log') : undefined;
      const verdict = await withDatabaseOfConfig((db) => verifyAuditLog(db, { anchor: options.anchor, onProgress: bar }));
      if (!verdict.intact) process.exitCode = 1;
      if (options.format === 'json') return console.log(JSON.stringify(verdict, null, 2));
      if (!verdict.intact) {
        console.log(terminal`audit log NOT intact: ${verdict.broken.message}`);
        console.log(terminal`(${verdict.count} ${verdict.count === 1 ? 'entry' : 'entries'} before it intact)`);
        console.error('what to do: treat the log as tampered with; compare with a backup and report it to the information-governance lead');
        return;
      }
      if (verdict.agedOut) {
        console.log(terminal`entries 1 to ${verdict.agedOut.seq} were aged out under the retention schedule; the chain continues from their checkpoint (last hash ${verdict.agedOut.hash})`);
      }
      if (verdict.anchorAgedOut) console.log(terminal`the anchor given is at an entry since aged out: it can no longer be checked`);
      if (verdict.count === 0) return console.log(verdict.agedOut ? 'no entries kept, chain intact' : '0 entries, chain intact (the log is empty)');
      console.log(terminal`${verdict.count} entries, chain intact, last hash ${verdict.head.hash}`);
      console.log(terminal`anchor for a later check: --anchor ${verdict.head.seq}:${verdict.head.hash}`);
    });

  audit
    .command('subject')
    .description('what was shared about a person, with whom, when and why: the answer to a subject access request')
    .argument('<person>', 'a cohort member id, an NHS number (10 digits, spaces allowed) or a PNC ID (e.g. 12/345678A)')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .option('--by <name>', 'who is asking, recorded in the log (default: your user name)', userInfo().username)
    .addHelpText('after', '\nThe search itself is recorded in the log (kind subject-access), with member ids only.\n')
    .action(async (person: string, options: { format: 'json' | 'text'; by: string }) => {
      const access = await withDatabaseOfConfig((db) =>
        db.transaction(async (trx) => {
          const found = await subjectAccess(trx, person);
          // Text that matched no one is not recorded: it may not be an id at all (a name typed by mistake).
          if (!found.inCohort && found.entries.length === 0 && found.sharingDecisions.length === 0) return found;
          await appendAuditEntries(trx, [{
            kind: 'subject-access', actor: `operator:${options.by}`, subjectMemberIds: [...found.memberIds],
            detail: { searchedBy: found.query.kind, entriesFound: found.entries.length, sharingDecisionsFound: found.sharingDecisions.length },
          }]);
          return found;
        }),
      );
      const { entries, memberIds, familyIds, sharingDecisions } = access;
      if (options.format === 'json') return console.log(JSON.stringify({ memberIds, familyIds, entries, sharingDecisions }, null, 2));
      const who = `member${memberIds.length === 1 ? '' : 's'} ${memberIds.join(', ')}${familyIds.length ? ` (family ${familyIds.join(', ')})` : ''}`;
      if (entries.length === 0 && sharingDecisions.length === 0) return console.log(terminal`nothing recorded about ${who}`);
      printSharingDecisions(sharingDecisions);
      if (entries.length === 0) return console.log(terminal`no audit entries about ${who}`);
      const disclosures = entries.filter((e) => e.kind === 'disclosure').length;
      console.log(terminal`${entries.length} entries about ${who}, ${disclosures} of them disclosures:`);
      console.log(entriesTable(entries));
      const justified = entries.filter((e) => e.justification);
      for (const e of justified) console.log(terminal`entry ${e.seq} justification: ${e.justification}`);
    });

  audit
    .command('list')
    .description('the newest audit entries, oldest first')
    .option('--since <date>', 'only entries at or after this date (YYYY-MM-DD, UTC midnight)', calendarDateOption)
    .option('--limit <n>', 'at most this many entries', positiveIntegerOption, 50)
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action(async (options: { since?: string; limit: number; format: 'json' | 'text' }) => {
      const since = options.since ? new Date(`${options.since}T00:00:00Z`) : undefined;
      const entries = await withDatabaseOfConfig((db) => listAuditEntries(db, { since, limit: options.limit }));
      if (options.format === 'json') return console.log(JSON.stringify(entries, null, 2));
      if (entries.length === 0) return console.log('no audit entries');
      console.log(entriesTable(entries));
    });
}

/** Decisions to withhold items about the person: what, from which paths, on what basis, who decided, when, and the reviews. */
function printSharingDecisions(records: readonly DecisionRecord[]): void {
  if (records.length === 0) return;
  console.log(terminal`${records.length} decision${records.length === 1 ? '' : 's'} to withhold information about them:`);
  for (const { decision, reviews } of records) {
    console.log(terminal`- ${decision.decisionId}: ${decision.agency} event ${decision.agencyEventId} withheld from ${decision.paths.join(', ')} (basis: ${decision.basis}), decided by ${decision.decidedBy.name} for ${decision.decidedBy.organisation} at ${toLocalIso(decision.decidedAt)}; now ${statusOf(reviews)}`);
    console.log(terminal`  reason, in the decision-maker's words: ${decision.reason}`);
    for (const review of reviews) {
      console.log(terminal`  review: ${review.outcome} by ${review.reviewedBy.name}${review.reviewedBy.organisation ? ` for ${review.reviewedBy.organisation}` : ''} at ${toLocalIso(review.reviewedAt)}: ${review.reason}`);
    }
  }
}
