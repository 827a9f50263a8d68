import type { Command } from 'commander';
import { catchUp, stepsBeforeDigests } from '../../../pipelines/catch-up';
import { createMailer } from '../../notify';
import { loadPolicy } from '../../policy';
import { loadRuleSet } from '../../risk';
import { runScheduler } from '../../scheduler/run-scheduler';
import { positiveIntegerOption } from '../options';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';

export function registerSchedulerCommand(program: Command): void {
  program
    .command('scheduler')
    .description(
      'issue the morning digests at DIGEST_TIME (default 07:00 Europe/London, right on clock-change days) and email practitioners; ' +
        'catches up on days it missed while down; safe to run more than one',
    )
    .option('--once', 'issue whatever is due now, send the emails, and exit (for cron or a systemd timer)')
    .option('--rules <file>', 'risk rules file (default: LIVE_RISK_RULES_FILE or the built-in rules)')
    .option('--policy <file>', 'sharing policy file (default: LIVE_RISK_POLICY_FILE or the built-in policy)')
    .option('--max-catch-up-days <n>', 'after an outage, issue at most this many missed days', positiveIntegerOption, 7)
    .action(async (options: { once?: boolean; rules?: string; policy?: string; maxCatchUpDays: number }) => {
      await withRuntime(async (runtime) => {
        const rules = loadRuleSet(options.rules ?? runtime.config.rulesFile);
        const policy = loadPolicy(options.policy ?? runtime.config.policyFile);
        const mailer = createMailer(runtime.config);
        const stop = new AbortController();
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
        const { hours, minutes } = runtime.config.digestTime;
        say(`scheduler: digests at ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')} Europe/London, rules ${rules.version}, sharing policy ${policy.version}${options.once ? ', once' : '; stop with Ctrl-C'}`);
        try {
          await runScheduler(runtime, {
            rules,
            policy,
            mailer,
            catchUp: async () => {
              await catchUp(runtime, stepsBeforeDigests);
            },
            once: options.once ?? false,
            maxCatchUpDays: options.maxCatchUpDays,
            signal: stop.signal,
            say,
          });
        } finally {
          mailer.close();
        }
      });
    });
}
