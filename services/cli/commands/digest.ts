import { userInfo } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { digestInputs } from '../../consumers';
import { digestIssued, type DigestIssued } from '../../contracts';
import { deliverNotifications } from '../../digest/deliver-notifications';
import { digestItems } from '../../digest/build-digest';
import { refuseBeforeCutOff, runDigestJob } from '../../digest/digest-job';
import { renderDigestHtml } from '../../digest/render-html';
import { renderDigestText } from '../../digest/render-text';
import { createMailer } from '../../notify';
import { LiveRiskError } from '../../platform/errors';
import type { Runtime } from '../../platform/runtime';
import { terminal } from '../../platform/terminal';
import { loadPolicy } from '../../policy';
import { loadRuleSet } from '../../risk';
import { awaitConsumers, withWaitOptions, type WaitChoice } from '../await-consumers';
import { calendarDateOption, positiveIntegerOption } from '../options';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';
import { runDigestAsOf } from './digest-as-of';

type DigestFormat = 'json' | 'text' | 'html';
type DigestOptions = {
  wait: WaitChoice;
  date?: string; asOf?: string; practitioner?: string; format: DigestFormat; check?: boolean; limit: number; raw?: boolean; by: string; fromSchema?: string;
};

function digestFormatOption(value: string): DigestFormat {
  if (value !== 'json' && value !== 'text' && value !== 'html') throw new InvalidArgumentError('expected json, text or html');
  return value;
}

/** Reads issued digests from the projection, once the digests consumer has applied digests.v1 as it was now. */
export async function readDigests(runtime: Runtime, date: string, practitionerId: string | undefined, wait: WaitChoice): Promise<DigestIssued[]> {
  await awaitConsumers(runtime, ['digests'], wait);
  const rows: Array<{ payload: DigestIssued }> = await runtime.db('digests')
    .where('digest_date', date)
    .modify((q) => (practitionerId ? q.where('practitioner_id', practitionerId) : q))
    .orderBy('practitioner_id')
    .select('payload');
  // Parsing restores the contract's field order (jsonb stores keys sorted) and re-checks the shape.
  return rows.map((row) => digestIssued.parse(row.payload));
}

export function printDigests(digests: readonly DigestIssued[], format: DigestFormat): void {
  if (format === 'json') console.log(JSON.stringify(digests, null, 2));
  else if (format === 'html') console.log(digests.map((digest) => renderDigestHtml(digest)).join('\n'));
  else console.log(digests.map((digest) => renderDigestText(digest)).join('\n\n' + '-'.repeat(72) + '\n\n'));
}

export function registerDigestCommands(program: Command): void {
  const digest = program
    .command('digest')
    .description("print the digests issued for a date: each practitioner's families, most urgent first, every item with its rule, source, times and why it was linked")
    .option('--date <YYYY-MM-DD>', 'the day the digests were issued for', calendarDateOption)
    .option('--practitioner <id>', 'only this lead practitioner')
    .option('--format <format>', 'json, text or html (one accessible HTML page per digest)', digestFormatOption, 'text')
    .option('--as-of <YYYY-MM-DD>', 'instead of --date: rebuild the digests stored for that day from what was known at their cut-off, with the rules and policy they name, and check they match exactly (exit 1 if not)', calendarDateOption)
    .option('--check', 'with --as-of: print only whether each digest was reproduced, not the digest')
    .option('--limit <n>', 'with --as-of: differences shown per digest', positiveIntegerOption, 10)
    .option('--raw', 'with --as-of: real family references, names and narratives instead of pseudonyms; recorded in the audit log')
    .option('--by <name>', 'with --as-of --raw: who is asking, for the audit log', userInfo().username)
    .option('--from-schema <replay_NAME>', 'with --as-of: read the history from a replay schema built with `replay --into NAME --raw` instead of the live one')
    .addHelpText(
      'after',
      '\nWith --as-of the output is pseudonymised (HMAC with the key in LIVE_RISK_PSEUDONYM_KEY_FILE) unless --raw. The verdict\n' +
        '("reproduced exactly: ..." or the first differing paths) follows the digest on stdout with --format text, on stderr otherwise.\n' +
        'Examples:\n  live-risk digest --date 2026-03-29 --practitioner P001\n  live-risk digest --as-of 2026-03-29 --check',
    );
  withWaitOptions(digest).action(async (options: DigestOptions) => {
      if (options.asOf) {
        if (options.date) throw new LiveRiskError('INPUT_INVALID', 'give --date (what was issued) or --as-of (reproduce it), not both', { hint: 'live-risk digest --help' });
        await runDigestAsOf({ ...options, asOf: options.asOf }, printDigests);
        return;
      }
      if (options.check || options.raw || options.fromSchema) {
        throw new LiveRiskError('INPUT_INVALID', '--check, --raw and --from-schema go with --as-of', { hint: 'live-risk digest --as-of YYYY-MM-DD --check' });
      }
      if (!options.date) throw new LiveRiskError('INPUT_INVALID', 'give --date YYYY-MM-DD (or --as-of YYYY-MM-DD to reproduce a past digest)', { hint: 'live-risk digest --help' });
      const date = options.date;
      const digests = await withRuntime((runtime) => readDigests(runtime, date, options.practitioner, options.wait));
      if (digests.length === 0) {
        throw new LiveRiskError('NOT_FOUND', `no digests issued for ${date}${options.practitioner ? ` for practitioner ${options.practitioner}` : ''}`, {
          hint: `issue them with \`live-risk issue-digests --date ${date}\` (or run \`npm run demo\`)`,
        });
      }
      printDigests(digests, options.format);
    });

  withWaitOptions(
    program
      .command('issue-digests')
      .description('issue the digests for one date now and email the practitioners (a practitioner who already has one is left alone); `live-risk scheduler` does this every morning')
      .requiredOption('--date <YYYY-MM-DD>', 'the day to issue for, once its window has ended at the digest time (07:00 Europe/London) that day', calendarDateOption)
      .option('--practitioner <id>', 'only this lead practitioner')
      .option('--rules <file>', 'risk rules file (default: LIVE_RISK_RULES_FILE or the built-in rules)')
      .option('--policy <file>', 'sharing policy file (default: LIVE_RISK_POLICY_FILE or the built-in policy)')
      .addHelpText('after', '\nThe matcher and the projections a digest is built from must have caught up with what reached Kafka before the cut-off (the moment this starts); it waits for them (`live-risk run --follow` runs them), and never runs them itself.'),
    120,
  ).action(async (options: { date: string; practitioner?: string; rules?: string; policy?: string; wait: WaitChoice }) => {
      await withRuntime(async (runtime) => {
        const rules = loadRuleSet(options.rules ?? runtime.config.rulesFile);
        const policy = loadPolicy(options.policy ?? runtime.config.policyFile);
        const cutOff = new Date();
        refuseBeforeCutOff(options.date, runtime.config.digestTime, cutOff);
        await awaitConsumers(runtime, digestInputs, options.wait, { upstream: true });
        const result = await runDigestJob(runtime, {
          date: options.date,
          rules,
          policy,
          practitionerId: options.practitioner,
          issueTime: runtime.config.digestTime,
          now: () => cutOff,
        });
        const items = result.issued.reduce((sum, digest) => sum + digestItems(digest).length, 0);
        console.log(terminal`issued ${result.issued.length} digests with ${items} items for ${options.date} (rules ${rules.version}); ${result.alreadyIssued} already issued; sharing policy ${policy.version}`);
        const mailer = createMailer(runtime.config);
        try {
          const delivery = await deliverNotifications(runtime.db, mailer, runtime.log);
          console.log(terminal`emails: ${delivery.sent} sent, ${delivery.failed} refused, ${delivery.waiting} waiting for the mail server`);
          if (delivery.waiting) say(`the mail server at ${runtime.config.smtpUrl} is not accepting mail; \`live-risk scheduler\` retries every minute`);
        } finally {
          mailer.close();
        }
      });
    });
}
