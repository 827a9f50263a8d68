import type { Kafka } from 'kafkajs';
import type { Config } from '../platform/config';
import { openDatabase, withDatabase } from '../platform/database';
import { describeError } from '../platform/errors';
import { createKafka } from '../platform/kafka';
import { loadPolicy, type Policy } from '../policy';
import { needlesFor } from './needles';
import type { Person } from './person';
import { recordRetentionAudit } from './record-run';
import { auditReport, type AuditReport } from './report';
import { searchDatabase } from './search-database';
import { searchKafka, type Progress } from './search-kafka';
import { FamilyKeyring, loadMasterKey } from '../sealing/family-keys';
import { searchProcessLogs, searchStackLogs } from './search-logs';
import { searchMail } from './search-mail';
import { searchPortal } from './search-portal';
import { notSearched, type PlaceReport } from './tally';

export type AuditPlan = Readonly<{
  config: Config;
  person: Person;
  /** Who runs it ('operator:<user>'), recorded in the audit log with the counts. */
  actor: string;
  /** Directories of the processes' logs, or 'kept-nowhere' when the operator says there are none. */
  processLogs: readonly string[] | 'kept-nowhere';
  /** A progress reporter for each long stretch of work, by label. */
  progress?: (label: string) => Progress;
  now?: Date;
}>;

/**
 * Searches everywhere live-risk writes for one person, as an administrator: the database as its
 * owner, Kafka as its administrator. A place that cannot be read is reported as not searched, never
 * skipped; nothing personal is logged or written, and only counts, attribute names and positions
 * leave this function. The run is recorded in the audit log (kind retention-audit, counts only)
 * after the search, so the search never reads its own entry; a run that cannot be recorded fails.
 */
export async function runRetentionAudit(plan: AuditPlan): Promise<AuditReport> {
  const { config } = plan;
  const startedAt = new Date();
  const now = plan.now ?? startedAt;
  const needles = needlesFor(plan.person);
  const places: PlaceReport[] = [];
  const databaseName = decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1));

  const owner = openDatabase(config.databaseUrl);
  try {
    places.push(...(await searchDatabase(owner, databaseName, needles, plan.progress?.('database tables'))));
    let policy: Policy | undefined;
    try {
      policy = loadPolicy(config.policyFile);
    } catch (error) {
      places.push(notSearched('portal', 'portal pages', `the sharing policy the portal renders with could not be loaded: ${describeError(error)}`, 'pages'));
    }
    if (policy) places.push(...(await searchPortal(owner, policy, needles, now, plan.progress?.('portal pages'))));

    places.push(...(await searchStackLogs(config.stateDir, needles)));
    places.push(...(await searchProcessLogs(plan.processLogs, needles)));
    places.push(...(await searchMail(config.stateDir, config.smtpUrl, needles)));

    let kafka: Kafka | undefined;
    try {
      kafka = createKafka(config, 'live-risk-retention-audit', 'admin');
    } catch (error) {
      places.push(notSearched('kafka', `topics ${config.topicPrefix}*`, `cannot log in as the Kafka administrator: ${describeError(error)}`, 'messages'));
    }
    // Sealed fields are opened with the families' keys, read as the database owner.
    const keys = new FamilyKeyring(owner, await loadMasterKey(config.masterKeyFile));
    if (kafka) places.push(...(await searchKafka(kafka, config.topicPrefix, needles, keys, plan.progress?.('kafka messages'))));
  } finally {
    await owner.destroy();
  }

  const report = auditReport(places, startedAt, new Date());
  await withDatabase(config.databaseUrl, (db) => recordRetentionAudit(db, report, plan.actor));
  return report;
}
