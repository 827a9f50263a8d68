import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';
import { parseCriteriaSet, type CriteriaSet } from './criteria-set';
import type { CriteriaReport } from './report';

/**
 * The record of criteria reports run (migration 013): enough to name a report by its id and to
 * evaluate exactly the same thing again, and no personal data. The criteria are kept as they were
 * run, so editing or deleting the file afterwards changes nothing that was approved.
 */
export type StoredReport = Readonly<{
  reportId: string;
  contentHash: string;
  criteria: CriteriaSet;
  criteriaHash: string;
  asOf: string;
  knownAt: string;
  thresholds: readonly number[];
  createdBy: string;
}>;

export async function recordReport(db: Knex | Knex.Transaction, report: CriteriaReport, criteria: CriteriaSet, createdBy: string): Promise<void> {
  const { content } = report;
  // Running the same criteria over the same history gives the same id: the first run stays on record.
  await db('criteria_reports')
    .insert({
      report_id: report.reportId,
      content_hash: report.contentHash,
      criteria_version: content.criteriaVersion,
      criteria_hash: content.criteriaHash,
      criteria_document: JSON.stringify(criteria),
      as_of: content.asOf,
      known_at: content.knownAt,
      thresholds: JSON.stringify(content.thresholds),
      created_by: createdBy,
    })
    .onConflict('report_id')
    .ignore();
}

type Row = {
  report_id: string; content_hash: string; criteria_document: unknown; criteria_hash: string; as_of: string; known_at: string; thresholds: number[]; created_by: string;
};

export async function findReport(db: Knex | Knex.Transaction, reportId: string): Promise<StoredReport> {
  const row: Row | undefined = await db('criteria_reports').where('report_id', reportId).first();
  if (!row) {
    throw new LiveRiskError('NOT_FOUND', `there is no criteria report ${reportId}`, {
      hint: 'the id is printed by `live-risk criteria report` (and is in the report itself); run the report first',
    });
  }
  return {
    reportId: row.report_id,
    contentHash: row.content_hash,
    criteria: parseCriteriaSet(row.criteria_document, `criteria_reports (report ${row.report_id})`),
    criteriaHash: row.criteria_hash,
    asOf: row.as_of,
    knownAt: row.known_at,
    thresholds: row.thresholds,
    createdBy: row.created_by,
  };
}
