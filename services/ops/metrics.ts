import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { consumerNames, offsetsKeyOf, type ConsumerName } from '../consumers';
import { consumerLag, type ProgressRuntime } from '../consumers/progress';
import { cohortMembers, nhsNumberDataQuality, withoutValidNhsNumber } from '../data-quality';
import type { ConsumerObserver } from '../platform/offset-consumer';
import type { AgreementsReport } from '../policy/agreements-in-force';
import type { Health } from './health';
import { londonDateOf } from '../scheduler/schedule';

/**
 * The Prometheus metrics every long-running live-risk process serves. Counters count what this
 * process did; gauges that describe the whole pipeline (lag, outbox backlog, dead letters, the last
 * digest issued, emails waiting, children without an NHS number) are read from Kafka and PostgreSQL at each scrape, so any one
 * process tells the truth about all of them and a restarted process loses nothing.
 *
 * Names and labels carry no personal data: consumer and topic names, outcomes, counts and times.
 */
export type MetricsRuntime = ProgressRuntime;

/** How long a scrape waits for Kafka and PostgreSQL per gauge. */
const collectTimeoutMs = 3_000;

const consumerOf = new Map(consumerNames.map((name) => [offsetsKeyOf(name), name]));
const nameOf = (consumerKey: string): string => consumerOf.get(consumerKey) ?? consumerKey;

export class LiveRiskMetrics {
  readonly registry = new Registry();
  private readonly messages = new Counter({ name: 'live_risk_consumer_messages_total', help: 'Messages applied by this process, per consumer and outcome (linked, unlinked, in-review, duplicate, dead-lettered, applied)', labelNames: ['consumer', 'outcome'], registers: [this.registry] });
  private readonly rebalances = new Counter({ name: 'live_risk_consumer_rebalances_total', help: 'Kafka consumer-group joins (rebalances) of this process’s consumers', labelNames: ['consumer'], registers: [this.registry] });
  private readonly outages = new Counter({ name: 'live_risk_consumer_outages_total', help: 'Outages (Kafka, registry or PostgreSQL) a consumer paused for; the retries within one outage count once', labelNames: ['consumer'], registers: [this.registry] });
  private readonly consuming = new Gauge({ name: 'live_risk_consumer_consuming', help: '1 while this process holds the consumer’s writer lock and reads; 0 while it waits (standby, outage) or has stopped', labelNames: ['consumer'], registers: [this.registry] });
  private readonly digestRuns = new Counter({ name: 'live_risk_digest_runs_total', help: 'Digest runs by this process, by result', labelNames: ['result'], registers: [this.registry] });
  private readonly digestOutcomes = new Counter({ name: 'live_risk_digest_practitioner_outcomes_total', help: 'Per practitioner and date: issued, or already issued by an earlier run', labelNames: ['outcome'], registers: [this.registry] });
  private readonly lastRun = new Gauge({ name: 'live_risk_digest_last_success_timestamp_seconds', help: 'When this process last completed a digest run without error', registers: [this.registry] });
  private readonly emails = new Counter({ name: 'live_risk_emails_total', help: 'Notification emails sent by this process, or refused for good by the mail server (those waiting are live_risk_emails_pending)', labelNames: ['outcome'], registers: [this.registry] });
  private readonly requests = new Counter({ name: 'live_risk_portal_requests_total', help: 'Portal responses by status class', labelNames: ['status'], registers: [this.registry] });
  private readonly collectErrors = new Counter({ name: 'live_risk_metrics_collect_errors_total', help: 'Scrapes where reading Kafka or PostgreSQL for the pipeline gauges failed (their values are then stale)', registers: [this.registry] });

  /**
   * `runtime` is read at each scrape: until the process has connected, the pipeline gauges stay
   * empty. `agreements` (the policy in force, read at each scrape) feeds the agreement gauges.
   */
  constructor(runtime: () => MetricsRuntime | undefined, process: string, agreements?: () => AgreementsReport) {
    collectDefaultMetrics({ register: this.registry, labels: { process } });
    this.registerPipelineGauges(runtime);
    if (agreements) this.registerAgreementGauges(agreements);
  }

  /** Needs neither Kafka nor PostgreSQL: an overdue review is visible even while the pipeline is down. */
  private registerAgreementGauges(report: () => AgreementsReport): void {
    const read = () => {
      const current = report();
      if ('problem' in current) {
        this.collectErrors.inc();
        return undefined;
      }
      return current.standings;
    };
    const overdue: Gauge<'agency'> = new Gauge({
      name: 'live_risk_agreement_review_overdue',
      help: '1 when the data-sharing agreement an agency’s part of the sharing policy implements is past its review date (sharing continues; alert the information-governance officer)',
      labelNames: ['agency'],
      registers: [this.registry],
      collect: () => {
        const standings = read();
        if (!standings) return;
        overdue.reset();
        for (const row of standings) overdue.set({ agency: row.agency }, row.overdue ? 1 : 0);
      },
    });
    const days: Gauge<'agency'> = new Gauge({
      name: 'live_risk_agreement_review_overdue_days',
      help: 'Whole days an agency’s data-sharing agreement is past its review date (0 until then)',
      labelNames: ['agency'],
      registers: [this.registry],
      collect: () => {
        const standings = read();
        if (!standings) return;
        days.reset();
        for (const row of standings) days.set({ agency: row.agency }, row.daysOverdue);
      },
    });
  }

  /** A consumer observer that counts and keeps `health` current. */
  consumerObserver(health: Health): ConsumerObserver {
    return {
      committed: (consumer, outcomes) => {
        for (const [outcome, count] of Object.entries(outcomes)) if (count > 0) this.messages.inc({ consumer: nameOf(consumer), outcome }, count);
      },
      rebalanced: (consumer) => this.rebalances.inc({ consumer: nameOf(consumer) }),
      state: (consumer, state) => {
        const name = nameOf(consumer);
        this.consuming.set({ consumer: name }, state === 'consuming' ? 1 : 0);
        if (state === 'consuming') health.set(name, 'ok');
        else if (state === 'waiting-for-lock') health.set(name, 'standby', 'another copy holds the writer lock');
      },
    };
  }

  consumerOutage(name: ConsumerName, health: Health, detail: string, newOutage: boolean): void {
    if (newOutage) this.outages.inc({ consumer: name });
    health.set(name, 'outage', detail);
  }

  digestRun(result: 'success' | 'failure', outcomes: { issued: number; alreadyIssued: number } = { issued: 0, alreadyIssued: 0 }): void {
    this.digestRuns.inc({ result });
    if (result === 'success') this.lastRun.setToCurrentTime();
    this.digestOutcomes.inc({ outcome: 'issued' }, outcomes.issued);
    this.digestOutcomes.inc({ outcome: 'already-issued' }, outcomes.alreadyIssued);
  }

  emailOutcomes(delivery: { sent: number; failed: number }): void {
    this.emails.inc({ outcome: 'sent' }, delivery.sent);
    this.emails.inc({ outcome: 'refused' }, delivery.failed);
  }

  portalResponse(status: number): void {
    this.requests.inc({ status: `${Math.floor(status / 100)}xx` });
  }

  private registerPipelineGauges(current: () => MetricsRuntime | undefined): void {
    const guarded = (collect: (runtime: MetricsRuntime) => Promise<void>) =>
      async () => {
        const runtime = current();
        if (!runtime) return;
        // A scrape must answer promptly even when Kafka or PostgreSQL does not (their clients retry
        // for a minute or more): the gauge keeps its last value and the error is counted.
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), collectTimeoutMs)));
        try {
          await Promise.race([collect(runtime), timeout]);
        } catch {
          this.collectErrors.inc();
        } finally {
          clearTimeout(timer);
        }
      };
    const lag: Gauge<'consumer' | 'topic' | 'partition'> = new Gauge({
      name: 'live_risk_consumer_lag_messages',
      help: 'Messages on each partition not yet applied by its consumer',
      labelNames: ['consumer', 'topic', 'partition'],
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const rows = await consumerLag(runtime, consumerNames);
        lag.reset();
        for (const row of rows) lag.set({ consumer: row.consumer, topic: row.topic, partition: String(row.partition) }, Number(row.behind));
      }),
    });
    const outbox: Gauge<'state'> = new Gauge({
      name: 'live_risk_outbox_messages',
      help: 'Outbox rows by state: waiting to be published, or parked because they can never be (see live-risk status)',
      labelNames: ['state'],
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const [row] = await runtime.db('outbox')
          .whereNull('published_at')
          .select(runtime.db.raw('count(*) filter (where failed_at is null)::int as waiting'), runtime.db.raw('count(*) filter (where failed_at is not null)::int as parked'));
        outbox.set({ state: 'waiting' }, row.waiting);
        outbox.set({ state: 'parked' }, row.parked);
      }),
    });
    const deadLetters: Gauge<'source_topic' | 'reason_code'> = new Gauge({
      name: 'live_risk_dead_letters',
      help: 'Dead letters in the projection, by source topic and reason code',
      labelNames: ['source_topic', 'reason_code'],
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const rows: Array<{ source_topic: string; reason_code: string; count: number }> = await runtime.db('dead_letters')
          .groupBy('source_topic', 'reason_code')
          .select('source_topic', 'reason_code', runtime.db.raw('count(*)::int as count'));
        deadLetters.reset();
        for (const row of rows) deadLetters.set({ source_topic: row.source_topic, reason_code: row.reason_code }, row.count);
      }),
    });
    const lastIssued: Gauge = new Gauge({
      name: 'live_risk_digest_last_cut_off_timestamp_seconds',
      help: 'Cut-off of the most recent digest issued by any scheduler (alarm if it is more than a day and a quarter of an hour old)',
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const [row] = await runtime.db('digest_ledger').max<Array<{ latest: Date | null }>>('cut_off as latest');
        if (row?.latest) lastIssued.set(row.latest.getTime() / 1000);
      }),
    });
    const withoutNhsNumber: Gauge<'team'> = new Gauge({
      name: 'live_risk_cohort_children_without_valid_nhs_number',
      help: 'Children (under 18) in open families with no NHS number or one failing its check digit, per lead practitioner’s team ("(no team)" when the cohort gives none); see live-risk data-quality',
      labelNames: ['team'],
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const report = nhsNumberDataQuality(await cohortMembers(runtime.db), londonDateOf(new Date()));
        withoutNhsNumber.reset();
        for (const team of report.teams) withoutNhsNumber.set({ team: team.team ?? '(no team)' }, withoutValidNhsNumber(team));
      }),
    });
    const pendingEmails: Gauge = new Gauge({
      name: 'live_risk_emails_pending',
      help: 'Notification emails waiting to be sent',
      registers: [this.registry],
      collect: guarded(async (runtime) => {
        const [{ count }] = await runtime.db('notifications').where({ status: 'pending' }).count<Array<{ count: string }>>('* as count');
        pendingEmails.set(Number(count));
      }),
    });
  }
}
