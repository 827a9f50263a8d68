import type { Knex } from 'knex';
import type { CriteriaReportApproved } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { approvalMismatch } from './approval';
import { approvalsOf, identify, type IdentifiedHousehold } from './approvals-store';
import { findReport, type StoredReport } from './report-store';
import { evaluateReport } from './run-report';

export type IdentifiedList = Readonly<{ report: StoredReport; approval: CriteriaReportApproved; households: readonly IdentifiedHousehold[] }>;

/**
 * The households a report counted, identified, only once governance has approved that report, and
 * only while the approval still covers them: the stored criteria are evaluated again over the history
 * as it stood at the report's cut-off, and the result must have the content hash that was approved.
 * The caller records the list in the audit log before showing it.
 */
export async function identifiedList(db: Knex | Knex.Transaction, reportId: string, pseudonym: (familyId: string) => string): Promise<IdentifiedList> {
  const report = await findReport(db, reportId);
  const [approval] = await approvalsOf(db, reportId);
  if (!approval) {
    throw new LiveRiskError('NOT_FOUND', `criteria report ${reportId} has not been approved, so no household is identified`, {
      hint: `take the pseudonymised report to governance first; their approval is recorded with \`live-risk criteria approve --report-id ${reportId} --by NAME --reason TEXT\`, after which this command shows the list`,
    });
  }
  const { report: again, results } = await evaluateReport({ history: db, record: db }, report.criteria, report, pseudonym);
  const mismatch = approvalMismatch(approval, report, again.contentHash);
  if (mismatch) {
    throw new LiveRiskError('INPUT_INVALID', `the approval of ${reportId} no longer covers what would be shown: its ${mismatch} differs`, {
      hint: 'the history as known at the report\'s cut-off has changed since (e.g. a re-match or a confirmed review linked an older event): run the report again and take the new one to governance',
    });
  }
  return { report, approval, households: await identify(db, results.filter((result) => result.met.length > 0)) };
}
