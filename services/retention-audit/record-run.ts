import type { Knex } from 'knex';
import { appendAuditEntries, type AuditEntry } from '../audit';
import type { AuditReport } from './report';

/**
 * A search for a person through everything live-risk holds is itself a use of personal data, so it
 * is recorded: who ran it, when, and what it found, in counts. The person searched for is not in
 * the entry in any form (not their names, date of birth, identifiers, nor a hash of them): an entry
 * that named them would be a new record of them, kept for the audit log's seven years.
 */
export function retentionAuditDetail(report: AuditReport): Record<string, string | number> {
  const searched = report.places.filter((place) => place.status === 'searched');
  return {
    command: 'retention audit',
    verdict: report.verdict,
    exitCode: report.exitCode,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    placesSearched: searched.length,
    placesNotSearched: report.places.length - searched.length,
    placesFound: report.places.filter((place) => place.found > 0).length,
    placesPartial: report.places.filter((place) => place.found === 0 && place.partial > 0).length,
    recordsRead: searched.reduce((sum, place) => sum + place.records, 0),
    recordsFound: report.places.reduce((sum, place) => sum + place.found, 0),
  };
}

/** Appends the entry for one run; `actor` is 'operator:<user>'. */
export async function recordRetentionAudit(db: Knex, report: AuditReport, actor: string): Promise<AuditEntry> {
  const [entry] = await db.transaction((trx) => appendAuditEntries(trx, [{ kind: 'retention-audit', actor, detail: retentionAuditDetail(report) }]));
  return entry;
}
