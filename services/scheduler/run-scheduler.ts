import { setTimeout as sleep } from 'node:timers/promises';
import { deliverNotifications } from '../digest/deliver-notifications';
import { runDigestJob } from '../digest/digest-job';
import type { Mailer } from '../notify';
import { classifyError } from '../platform/classify-error';
import { describeError } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { RetentionSchedule } from '../retention';
import { runRetention } from '../retention';
import type { RuleSet } from '../risk';
import { escalateOverdueAlerts } from '../urgent/escalate';
import { dueDates, latestDueDate, nextIssueAt } from './schedule';

export type SchedulerOptions = Readonly<{
  rules: RuleSet;
  policy: Policy;
  mailer: Mailer;
  /** The retention schedule the daily retention run applies, after the day's digests. */
  retention: RetentionSchedule;
  /**
   * Runs before each date's digests: waits until the matcher and the projections a digest reads
   * have caught up with what reached Kafka before the cut-off. The consumers run elsewhere
   * (`live-risk run --follow`); the scheduler never reads a topic itself.
   */
  awaitInputs: () => Promise<void>;
  once: boolean;
  maxCatchUpDays: number;
  signal: AbortSignal;
  say: (line: string) => void;
  now?: () => Date;
  /** Told after every pass: what was issued and emailed, or the error (metrics and readiness). */
  observe?: Readonly<{
    issued?: (totals: { issued: number; alreadyIssued: number }) => void;
    delivered?: (delivery: { sent: number; failed: number; waiting: number }) => void;
    failed?: (error: unknown) => void;
  }>;
}>;

/** How often a waiting scheduler wakes: to retry unsent emails, and to notice a changed clock. */
const tickMs = 60_000;

/**
 * `live-risk scheduler`: issues each morning's digests at the configured local time and emails the
 * practitioners. Any number may run at once: the digest job is exactly-once per practitioner and day,
 * and each email is sent by whichever scheduler locks it first.
 */
export async function runScheduler(runtime: Runtime, options: SchedulerOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const time = runtime.config.digestTime;
  while (!options.signal.aborted) {
    try {
      // Computed first: an optional call skips evaluating its arguments when there is no observer.
      const totals = await issueDueDigests(runtime, options, now());
      options.observe?.issued?.(totals);
      await escalateUrgentAlerts(runtime, options, now());
      const delivery = await deliverNotifications(runtime.db, options.mailer, runtime.log);
      options.observe?.delivered?.(delivery);
      if (delivery.sent || delivery.failed || delivery.waiting) {
        options.say(`emails: ${delivery.sent} sent, ${delivery.failed} refused, ${delivery.waiting} waiting for the mail server`);
      }
      await applyRetentionOnceADay(runtime, options, now());
    } catch (thrown) {
      const error = classifyError(thrown);
      options.observe?.failed?.(error);
      // Consumers refusing to read (their offsets no longer describe a topic) wait for an operator,
      // like an outage: the scheduler goes on once they read again, without a restart.
      if ((!error.retriable && error.code !== 'OFFSETS_INVALID') || options.once) throw error;
      options.say(`will retry in a minute: ${describeError(error)}`);
    }
    if (options.once) return;
    const wait = Math.max(1_000, Math.min(tickMs, nextIssueAt(now(), time).getTime() - now().getTime()));
    await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** Urgent alerts nobody acknowledged in time escalate at this tick (services/urgent/escalate.ts). */
async function escalateUrgentAlerts(runtime: Runtime, options: SchedulerOptions, at: Date): Promise<void> {
  const escalated = await escalateOverdueAlerts(runtime, at);
  if (!escalated) return;
  await runtime.outbox.flush();
  options.say(`escalated ${escalated} urgent alert${escalated === 1 ? '' : 's'} nobody acknowledged within ${runtime.config.urgent.escalateAfterMinutes} minutes`);
}

/**
 * The retention run, once for each day whose digests are due, after them: recorded under that day
 * in retention_runs, so whichever scheduler comes first runs it and the others find it done.
 */
async function applyRetentionOnceADay(runtime: Runtime, options: SchedulerOptions, at: Date): Promise<void> {
  const day = latestDueDate(at, runtime.config.digestTime);
  const report = await runRetention(runtime, { schedule: options.retention, now: at, dryRun: false, actor: 'system', scheduledFor: day });
  if (!report) return;
  const removed = report.classes.reduce((sum, outcome) => sum + outcome.removed, 0);
  options.say(`${day}: retention run under schedule ${report.scheduleVersion} removed ${removed} records (${report.classes.filter((c) => c.removed).map((c) => `${c.recordClass} ${c.removed}`).join(', ') || 'nothing was past its period'})`);
}

async function issueDueDigests(runtime: Runtime, options: SchedulerOptions, at: Date): Promise<{ issued: number; alreadyIssued: number }> {
  const totals = { issued: 0, alreadyIssued: 0 };
  const [last] = await runtime.db('digest_ledger').max<Array<{ date: string | null }>>('digest_date as date');
  const plan = dueDates(at, last?.date ?? null, runtime.config.digestTime, options.maxCatchUpDays);
  if (plan.skipped.length) {
    options.say(`not issuing ${plan.skipped.length} older missed days (${plan.skipped[0]} to ${plan.skipped[plan.skipped.length - 1]}); their events come as late items`);
  }
  for (const date of plan.dates) {
    const cutOff = new Date();
    await options.awaitInputs();
    const result = await runDigestJob(runtime, { date, rules: options.rules, policy: options.policy, issueTime: runtime.config.digestTime, now: () => cutOff });
    totals.issued += result.issued.length;
    totals.alreadyIssued += result.alreadyIssued;
    if (result.issued.length) {
      const items = result.issued.reduce((sum, digest) => sum + digest.families.reduce((n, family) => n + family.items.length, 0), 0);
      options.say(`${date}: issued ${result.issued.length} digests with ${items} items (${result.alreadyIssued} already issued)`);
    }
  }
  return totals;
}
