import { setTimeout as sleep } from 'node:timers/promises';
import { deliverNotifications } from '../digest/deliver-notifications';
import { runDigestJob } from '../digest/digest-job';
import type { Mailer } from '../notify';
import { describeError, isRetriable } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { RuleSet } from '../risk';
import { dueDates, nextIssueAt } from './schedule';

export type SchedulerOptions = Readonly<{
  rules: RuleSet;
  policy: Policy;
  mailer: Mailer;
  /** Runs before each date's digests: bring the matcher and projections up to the cut-off. */
  catchUp: () => Promise<void>;
  once: boolean;
  maxCatchUpDays: number;
  signal: AbortSignal;
  say: (line: string) => void;
  now?: () => Date;
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
      await issueDueDigests(runtime, options, now());
      const delivery = await deliverNotifications(runtime.db, options.mailer, runtime.log);
      if (delivery.sent || delivery.failed || delivery.waiting) {
        options.say(`emails: ${delivery.sent} sent, ${delivery.failed} refused, ${delivery.waiting} waiting for the mail server`);
      }
    } catch (error) {
      if (!isRetriable(error) || options.once) throw error;
      options.say(`will retry in a minute: ${describeError(error)}`);
    }
    if (options.once) return;
    const wait = Math.max(1_000, Math.min(tickMs, nextIssueAt(now(), time).getTime() - now().getTime()));
    await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

async function issueDueDigests(runtime: Runtime, options: SchedulerOptions, at: Date): Promise<void> {
  const [last] = await runtime.db('digest_ledger').max<Array<{ date: string | null }>>('digest_date as date');
  const plan = dueDates(at, last?.date ?? null, runtime.config.digestTime, options.maxCatchUpDays);
  if (plan.skipped.length) {
    options.say(`not issuing ${plan.skipped.length} older missed days (${plan.skipped[0]} to ${plan.skipped[plan.skipped.length - 1]}); their events come as late items`);
  }
  for (const date of plan.dates) {
    const cutOff = new Date();
    await options.catchUp();
    const result = await runDigestJob(runtime, { date, rules: options.rules, policy: options.policy, issueTime: runtime.config.digestTime, now: () => cutOff });
    if (result.issued.length) {
      const items = result.issued.reduce((sum, digest) => sum + digest.families.reduce((n, family) => n + family.items.length, 0), 0);
      options.say(`${date}: issued ${result.issued.length} digests with ${items} items (${result.alreadyIssued} already issued)`);
    }
  }
}
