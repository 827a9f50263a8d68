import type { Command } from 'commander';
import { digestInputs } from '../../consumers';
import { waitForConsumers } from '../../consumers/progress';
import { createMailer } from '../../notify';
import type { Runtime } from '../../platform/runtime';
import { loadPolicy } from '../../policy';
import { loadRetentionSchedule } from '../../retention';
import { loadRuleSet } from '../../risk';
import { runScheduler, type SchedulerOptions } from '../../scheduler/run-scheduler';
import { runLongRunning, withLongRunningOptions, type LongRunningOptions } from '../long-running';
import { positiveIntegerOption } from '../options';
import { say } from '../progress';
import { withRuntime } from '../with-runtime';

type SchedulerCommandOptions = { once?: boolean; rules?: string; policy?: string; maxCatchUpDays: number; inputWait: number } & LongRunningOptions;

export function registerSchedulerCommand(program: Command): void {
  withLongRunningOptions(
    program
      .command('scheduler')
      .description(
        'issue the morning digests at DIGEST_TIME (default 07:00 Europe/London, right on clock-change days) and email practitioners, then run retention once a day; ' +
          'catches up on days it missed while down; safe to run more than one',
      )
      .option('--once', 'issue whatever is due now, send the emails, and exit (for cron or a systemd timer; no health port)')
      .option('--rules <file>', 'risk rules file (default: LIVE_RISK_RULES_FILE or the built-in rules)')
      .option('--policy <file>', 'sharing policy file (default: LIVE_RISK_POLICY_FILE or the built-in policy)')
      .option('--max-catch-up-days <n>', 'after an outage, issue at most this many missed days', positiveIntegerOption, 7)
      .option('--input-wait <seconds>', 'how long to wait for the consumers to reach the cut-off before retrying (a minute later)', positiveIntegerOption, 600)
      .addHelpText(
        'after',
        '\nThe scheduler reads no topic itself: before each date it waits until the matcher and the projections a digest is built from\n' +
          '(run by `live-risk run --follow`) have applied everything that reached Kafka before the cut-off.',
      ),
    'scheduler',
  ).action(async (options: SchedulerCommandOptions) => {
    if (options.once) {
      await withRuntime((runtime) => schedule(runtime, options, new AbortController().signal), undefined, 'scheduler');
      return;
    }
    await runLongRunning('scheduler', options, async ({ runtime, signal, health, metrics }) => {
      health.set('scheduler', 'ok');
      await schedule(runtime, options, signal, {
        issued: (totals) => {
          metrics.digestRun('success', totals);
          health.set('scheduler', 'ok');
        },
        delivered: (delivery) => metrics.emailOutcomes(delivery),
        failed: (error) => {
          metrics.digestRun('failure');
          health.set('scheduler', 'outage', error instanceof Error ? error.message : String(error));
        },
      });
    });
  });
}

async function schedule(runtime: Runtime, options: SchedulerCommandOptions, signal: AbortSignal, observe?: SchedulerOptions['observe']): Promise<void> {
  const rules = loadRuleSet(options.rules ?? runtime.config.rulesFile);
  const policy = loadPolicy(options.policy ?? runtime.config.policyFile);
  const retention = loadRetentionSchedule(runtime.config.retentionFile, runtime.config);
  const mailer = createMailer(runtime.config);
  const { hours, minutes } = runtime.config.digestTime;
  say(`scheduler: digests at ${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')} Europe/London, rules ${rules.version}, sharing policy ${policy.version}${options.once ? ', once' : '; stop with SIGTERM or Ctrl-C'}`);
  try {
    await runScheduler(runtime, {
      rules,
      policy,
      mailer,
      retention,
      awaitInputs: async () => {
        await waitForConsumers(runtime, digestInputs, {
          timeoutMs: options.inputWait * 1000,
          upstream: true,
          signal,
          onWaiting: () => say('waiting for the consumers to catch up with the cut-off before issuing…'),
        });
      },
      once: options.once ?? false,
      maxCatchUpDays: options.maxCatchUpDays,
      signal,
      say,
      observe,
    });
  } finally {
    mailer.close();
  }
}
