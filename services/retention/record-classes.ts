import type { RecordClass } from './schedule';

/**
 * What each record class is, in plain words, and what enforces its period today. Erasure and
 * `retention audit` (issue 14, later parts) report in these same classes.
 */
export type RecordClassInfo = Readonly<{
  title: string;
  /** Where the records are: Kafka topics, PostgreSQL tables. */
  where: string;
  /** What removes them when their period is over, or what does not yet. */
  enforcedBy: string;
}>;

export const recordClassInfo: Readonly<Record<RecordClass, RecordClassInfo>> = {
  'unlinked-agency-events': {
    title: 'Agency events about people not in the cohort',
    where: 'the agency topics (police, housing, health, education); the matcher ledger and the ingest API keep only offsets, outcomes, event ids and content hashes',
    enforcedBy: "Kafka deletes the agency topics' messages after the period (retention.ms, set by the administrator); the retention run then clears the event ids and hashes of unlinked events from the matcher ledger and the ingest API's record",
  },
  'dead-letter-originals': {
    title: 'Rejected messages as they were sent',
    where: 'dead-letter.v1 and the dead_letters table',
    enforcedBy: "Kafka deletes dead-letter.v1's messages after the period; the retention run then replaces the rows Kafka no longer holds by counts per day, topic and reason code",
  },
  'dead-letter-counts': {
    title: 'Counts of rejected messages (no content)',
    where: 'the dead_letter_counts table',
    enforcedBy: 'the retention run deletes counts older than the period',
  },
  'open-case-events': {
    title: 'Events linked to families whose case is open',
    where: 'matches.v1, reviews.v1, digests.v1, acknowledgements.v1 and their tables',
    enforcedBy: 'kept while the case is open; when it closes, the closed-cases period applies',
  },
  'closed-cases': {
    title: 'Families whose case has closed, and everything linked to them',
    where: 'the cohort and derived topics, and their tables',
    enforcedBy:
      "the retention run erases a closed family once past the period, as `live-risk erase` does: its key is destroyed, so its events on Kafka can no longer be read, its rows leave PostgreSQL, and family.erased goes on the log; a safeguarding hold keeps it",
  },
  'portal-sessions': {
    title: 'Portal sign-in sessions',
    where: 'the portal_sessions table',
    enforcedBy: 'the retention run deletes sessions expired longer ago than the period',
  },
  'notifications': {
    title: '"Your digest is ready" emails',
    where: 'the notifications table',
    enforcedBy: 'the retention run deletes sent or skipped notifications older than the period; one still waiting to be sent is kept',
  },
  'published-outbox': {
    title: 'Copies of messages already published to Kafka',
    where: 'the outbox table',
    enforcedBy: 'the retention run deletes outbox rows published longer ago than the period; unpublished and parked rows are kept',
  },
  'audit-entries': {
    title: 'The record of disclosures and views',
    where: 'the audit_log table (append-only, hash-chained) and audit_log_checkpoints',
    enforcedBy:
      'the retention run removes the oldest entries past the period through the database function audit_log_age_out, after verifying them, and leaves a checkpoint (the last removed entry\'s seq and hash, and how many were removed) from which `audit verify` continues; a stretch that does not verify is kept',
  },
};
