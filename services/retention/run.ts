import type { Knex } from 'knex';
import { ageOutAuditLog, appendAuditEntries } from '../audit';
import type { Runtime } from '../platform/runtime';
import { afterErasure, eraseWithin, purgeFamily, surveyFamily, type ErasureOutcome, type FamilyHoldings } from '../erasure';
import { surveyClosedCases } from './closed-cases';
import { kafkaHoldings, type TopicHolding } from './kafka-holdings';
import { retentionCutOffs, type RetentionCutOffs } from './plan';
import type { RecordClass, RetentionSchedule } from './schedule';

/**
 * `live-risk retention run [--dry-run]`: applies the schedule to what PostgreSQL holds, in one
 * transaction under one lock, and reports counts per record class (never a name, an identifier or a
 * family id). A real run is recorded in `retention_runs` and in the audit log, in the same
 * transaction as what it removed. Kafka's topics enforce their own periods (topic-retention.ts); the
 * report says what they still hold, as proof.
 */
export type ClassOutcome = Readonly<{
  recordClass: RecordClass;
  /** Records removed (a dry run: that would be removed). */
  removed: number;
  /** The same, per table or kind of record, where a class spans several. */
  parts: Readonly<Record<string, number>>;
  /** Past their period but not removed, and why (`note`). */
  notRemoved: number;
  note?: string;
}>;

export type RetentionReport = Readonly<{
  scheduleVersion: string;
  at: string;
  dryRun: boolean;
  classes: readonly ClassOutcome[];
  kafka: readonly TopicHolding[];
}>;

export type RetentionRunOptions = Readonly<{
  schedule: RetentionSchedule;
  now: Date;
  dryRun: boolean;
  /** 'system' (the scheduler) or 'operator:<user>'. */
  actor: string;
  /** The day of a scheduled run: it happens once per day, whichever scheduler gets there first. */
  scheduledFor?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}>;

const runLock = 'live-risk.retention';

type Step = (trx: Knex.Transaction, cutOffs: RetentionCutOffs, context: StepContext) => Promise<ClassOutcome>;
type StepContext = Readonly<{
  dryRun: boolean;
  schedule: RetentionSchedule;
  now: Date;
  deadLetterLow: bigint | undefined;
  progress: (done: number, total: number) => void;
  /** For erasing closed cases: whose keys, which cohort topic, and the actor the audit log names. */
  runtime: Pick<Runtime, 'topics' | 'keys'>;
  actor: string;
  /** Filled with the families erased, for what follows the commit (never in the report: ids stay out of it). */
  erased: string[];
}>;

/** Runs `remove` unless this is a dry run; either way the count is of the rows it selects. */
async function removing(context: StepContext, selected: Knex.QueryBuilder, remove: () => Promise<number>): Promise<number> {
  if (!context.dryRun) return remove();
  const [{ n }] = await selected.clearSelect().count<Array<{ n: string }>>({ n: '*' });
  return Number(n);
}

const outcome = (recordClass: RecordClass, parts: Record<string, number>, extra: Partial<Pick<ClassOutcome, 'notRemoved' | 'note'>> = {}): ClassOutcome => ({
  recordClass,
  removed: Object.values(parts).reduce((sum, n) => sum + n, 0),
  parts,
  notRemoved: extra.notRemoved ?? 0,
  ...(extra.note ? { note: extra.note } : {}),
});

const notLinked = ['unlinked', 'in-review', 'duplicate', 'dead-lettered'];

const steps: ReadonlyArray<[RecordClass, Step]> = [
  [
    'unlinked-agency-events',
    async (trx, cutOffs, context) => {
      // The ledger keeps offsets and outcomes for ever (they reconcile with the topics); the event id
      // and content hash of an event nobody was linked to go with the event itself.
      const ledger = () => trx('matcher_ledger').whereIn('outcome', notLinked).where('processed_at', '<', cutOffs.unlinkedAgencyEvents).andWhere((q) => q.whereNotNull('event_id').orWhereNotNull('content_sha256'));
      const ledgerRows = await removing(context, ledger(), () => ledger().update({ event_id: null, content_sha256: null }));
      // The ingest API's record of event ids it published (what makes its retries idempotent).
      const ingest = () => trx('ingest_events').whereNotNull('published_at').where('received_at', '<', cutOffs.unlinkedAgencyEvents);
      const ingestRows = await removing(context, ingest(), () => ingest().delete());
      return outcome('unlinked-agency-events', { 'matcher ledger: event ids and hashes cleared': ledgerRows, 'ingest API: event ids removed': ingestRows });
    },
  ],
  [
    'dead-letter-originals',
    async (trx, cutOffs, context) => {
      // Rows whose message Kafka no longer holds (below the topic's first offset); rows from before
      // their offset was recorded, by age.
      const gone = () =>
        trx('dead_letters').where((q) => {
          if (context.deadLetterLow !== undefined) q.where('dead_letter_offset', '<', context.deadLetterLow.toString());
          q.orWhere((old) => old.whereNull('dead_letter_offset').where('dead_lettered_at', '<', cutOffs.deadLetterOriginals));
        });
      const removed = await removing(context, gone(), async () => {
        await trx.raw(
          `insert into dead_letter_counts (day, source_topic, reason_code, count)
           select (dead_lettered_at at time zone 'UTC')::date, source_topic, reason_code, count(*) from (?) as gone
           group by 1, 2, 3
           on conflict (day, source_topic, reason_code) do update set count = dead_letter_counts.count + excluded.count`,
          [gone().select('dead_lettered_at', 'source_topic', 'reason_code')],
        );
        return gone().delete();
      });
      return outcome('dead-letter-originals', { 'dead letters replaced by counts': removed });
    },
  ],
  [
    'dead-letter-counts',
    async (trx, cutOffs, context) => {
      const old = () => trx('dead_letter_counts').where('day', '<', cutOffs.deadLetterCounts.toISOString().slice(0, 10));
      return outcome('dead-letter-counts', { 'counts by day, topic and reason': await removing(context, old(), () => old().delete()) });
    },
  ],
  [
    'open-case-events',
    async (trx) => {
      const [{ n }] = await trx('matches as m').join('families as f', 'f.family_id', 'm.family_id').where('f.status', 'open').count<Array<{ n: string }>>({ n: '*' });
      return outcome('open-case-events', {}, { note: `${Number(n)} linked events of open cases kept while the case is open` });
    },
  ],
  [
    'closed-cases',
    async (trx, _cutOffs, context) => {
      const survey = await surveyClosedCases(trx, context.schedule.classes['closed-cases'].keep, context.now);
      const erasing = await eraseClosedCases(trx, survey.due, context);
      const undetermined = survey.undetermined['date-of-birth-unknown'] + survey.undetermined['no-child'];
      const notes = [
        `${survey.kept} closed cases within their period`,
        ...(survey.undetermined['date-of-birth-unknown'] ? [`${survey.undetermined['date-of-birth-unknown']} kept because a member's date of birth is not known (the youngest child's age decides)`] : []),
        ...(survey.undetermined['no-child'] ? [`${survey.undetermined['no-child']} kept because the rule is a child's age and the family has no child`] : []),
        ...(erasing.held ? [`${erasing.held} kept under a safeguarding hold (\`live-risk erase holds\`)`] : []),
        `erased as \`live-risk erase\` erases: the family's key destroyed, so its events on Kafka can no longer be read`,
      ];
      return { ...outcome('closed-cases', {}, { notRemoved: undetermined + erasing.held, note: notes.join('; ') }), removed: erasing.erased.length, parts: { families: erasing.erased.length, ...prefixed('rows in ', erasing.rows) } };
    },
  ],
  [
    'portal-sessions',
    async (trx, cutOffs, context) => {
      const expired = () => trx('portal_sessions').where('expires_at', '<', cutOffs.portalSessions);
      return outcome('portal-sessions', { sessions: await removing(context, expired(), () => expired().delete()) });
    },
  ],
  [
    'notifications',
    async (trx, cutOffs, context) => {
      const done = () => trx('notifications').whereIn('status', ['sent', 'skipped']).where('created_at', '<', cutOffs.notifications);
      const [{ n: waiting }] = await trx('notifications').where('status', 'pending').where('created_at', '<', cutOffs.notifications).count<Array<{ n: string }>>({ n: '*' });
      return outcome('notifications', { notifications: await removing(context, done(), () => done().delete()) }, Number(waiting) ? { notRemoved: Number(waiting), note: 'still waiting to be sent' } : {});
    },
  ],
  [
    'published-outbox',
    async (trx, cutOffs, context) => {
      const published = () => trx('outbox').whereNotNull('published_at').where('published_at', '<', cutOffs.publishedOutbox);
      return outcome('published-outbox', { 'published messages': await removing(context, published(), () => published().delete()) });
    },
  ],
  [
    'audit-entries',
    async (trx, cutOffs, context) => {
      // The oldest entries leave through the database's own function, a checkpoint keeping the chain
      // verifiable; a stretch that does not verify stays, as evidence, and the report says so.
      const aged = await ageOutAuditLog(trx, cutOffs.auditEntries, { dryRun: context.dryRun });
      if (aged.kind === 'refused') {
        return outcome('audit-entries', {}, { notRemoved: aged.pastPeriod, note: `not aged out, because the log does not verify: ${aged.broken.message}; run \`live-risk audit verify\`` });
      }
      return outcome('audit-entries', { 'entries (a checkpoint keeps their last hash and count)': aged.removed });
    },
  ],
];

const prefixed = (prefix: string, counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([key, n]) => [`${prefix}${key}`, n]));

/** The rows an erasure removed (or would). A family whose key is already gone but whose rows came back (a restored database) loses its rows. */
async function rowsGone(trx: Knex.Transaction, familyId: string, result: ErasureOutcome, dryRun: boolean): Promise<FamilyHoldings | undefined> {
  if (result.kind === 'erased') return result.removed;
  if (result.kind === 'would-erase') return result.holdings;
  if (result.kind === 'already-erased') return dryRun ? surveyFamily(trx, familyId) : purgeFamily(trx, familyId);
  return undefined;
}

/**
 * A closed case past its period is erased in the run's transaction, as `live-risk erase` erases one
 * (services/erasure): key destroyed, rows removed, an audit entry and family.erased on the log; a
 * safeguarding hold keeps it. A dry run counts what would go. Returns the families erased (or that
 * would be), the rows per table, and how many a hold kept.
 */
async function eraseClosedCases(trx: Knex.Transaction, familyIds: readonly string[], context: StepContext): Promise<{ erased: string[]; rows: Record<string, number>; held: number }> {
  const erased: string[] = [];
  const rows: Record<string, number> = {};
  let held = 0;
  for (const [index, familyId] of familyIds.entries()) {
    const request = { familyId, reason: `closed case past its retention period (schedule ${context.schedule.version})`, basis: 'retention-schedule', actor: context.actor, dryRun: context.dryRun };
    const result = await eraseWithin(trx, context.runtime, request);
    if (result.kind === 'held') held += 1;
    const removed = await rowsGone(trx, familyId, result, context.dryRun);
    if (removed) {
      erased.push(familyId);
      for (const [table, n] of Object.entries(removed)) rows[table] = (rows[table] ?? 0) + n;
    }
    context.progress(index + 1, familyIds.length);
  }
  if (!context.dryRun) context.erased.push(...erased);
  return { erased, rows, held };
}

/** Returns undefined when the scheduled run of `scheduledFor` has already happened. */
export async function runRetention(runtime: Pick<Runtime, 'db' | 'kafka' | 'topics' | 'keys' | 'outbox'>, options: RetentionRunOptions): Promise<RetentionReport | undefined> {
  const { schedule, now, dryRun } = options;
  const cutOffs = retentionCutOffs(schedule, now);
  const kafka = await kafkaHoldings(runtime.kafka, runtime.topics, { agency: cutOffs.unlinkedAgencyEvents, deadLetters: cutOffs.deadLetterOriginals });
  const deadLetters = kafka.find((holding) => holding.topicId === 'deadLetters');
  const deadLetterLow = deadLetters?.firstOffsets[0] === undefined ? undefined : BigInt(deadLetters.firstOffsets[0]);
  const erasedFamilies: string[] = [];
  const report = await runtime.db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [runLock]);
    if (options.scheduledFor && (await trx('retention_runs').where({ scheduled_for: options.scheduledFor }).first('run_id'))) return undefined;
    const classes: ClassOutcome[] = [];
    for (const [index, [recordClass, step]] of steps.entries()) {
      options.onProgress?.(recordClass, index, steps.length);
      const progress = (done: number, total: number) => options.onProgress?.(`${recordClass}: ${done}/${total}`, index, steps.length);
      classes.push(await step(trx, cutOffs, { dryRun, schedule, now, deadLetterLow, progress, runtime, actor: options.actor, erased: erasedFamilies }));
    }
    options.onProgress?.('done', steps.length, steps.length);
    const report: RetentionReport = { scheduleVersion: schedule.version, at: now.toISOString(), dryRun, classes, kafka };
    if (!dryRun) await record(trx, report, options);
    return report;
  });
  // Committed: this process forgets the erased families' keys, and their family.erased events go out.
  if (!dryRun) await afterErasure(runtime, erasedFamilies);
  return report;
}

async function record(trx: Knex.Transaction, report: RetentionReport, options: RetentionRunOptions): Promise<void> {
  await trx('retention_runs').insert({
    scheduled_for: options.scheduledFor ?? null,
    actor: options.actor,
    schedule_version: report.scheduleVersion,
    started_at: options.now,
    finished_at: new Date(),
    report: JSON.stringify(report),
  });
  // Counts only: the audit log never holds what was removed, only that it was, how much and why.
  const detail: Record<string, number | string> = { command: 'retention run', scheduleVersion: report.scheduleVersion };
  for (const outcome of report.classes) {
    detail[`removed:${outcome.recordClass}`] = outcome.removed;
    if (outcome.notRemoved) detail[`notRemoved:${outcome.recordClass}`] = outcome.notRemoved;
  }
  await appendAuditEntries(trx, [{ kind: 'retention', actor: options.actor, justification: `retention schedule ${report.scheduleVersion}`, detail }]);
}
