import { createHash } from 'node:crypto';
import { criteriaReportApproved, type CriteriaReportApproved } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import type { StoredReport } from './report-store';

/**
 * Governance's approval of a report, as an event. Decided here, purely, from the stored report: the
 * approval carries what the report was derived from, so it approves that content and nothing else.
 * The analyst who ran a report may not approve it: the point of the step is a second pair of eyes.
 */
export type ApprovalRequest = Readonly<{ approvedBy: string; reason: string; approvedAt: string }>;

export const approvalIdFor = (reportId: string, approvedBy: string): string =>
  `ap-${createHash('sha256').update(`${reportId}\u0000${approvedBy}`).digest('hex').slice(0, 16)}`;

export function decideApproval(report: StoredReport, request: ApprovalRequest, existing: readonly CriteriaReportApproved[]): CriteriaReportApproved {
  if (request.approvedBy === report.createdBy) {
    throw new LiveRiskError('INPUT_INVALID', `${request.approvedBy} ran report ${report.reportId} and so may not approve it`, {
      hint: 'an approval is a second person\'s decision: ask the governance lead to approve it with --by THEIR-NAME',
    });
  }
  const already = existing[0];
  if (already) {
    throw new LiveRiskError('INPUT_INVALID', `report ${report.reportId} was already approved by ${already.approvedBy} at ${already.approvedAt}`, {
      hint: `see the identified list with \`live-risk criteria list --report-id ${report.reportId} --by NAME\``,
    });
  }
  const event = {
    type: 'criteria-report.approved',
    approvalId: approvalIdFor(report.reportId, request.approvedBy),
    reportId: report.reportId,
    criteriaVersion: report.criteria.version,
    criteriaHash: report.criteriaHash,
    asOf: report.asOf,
    knownAt: report.knownAt,
    contentHash: report.contentHash,
    approvedBy: request.approvedBy,
    reason: request.reason,
    approvedAt: request.approvedAt,
  } as const;
  // The name and the reason are typed by a person: refused here, as input, if the contract refuses them.
  const checked = criteriaReportApproved.safeParse(event);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new LiveRiskError('INPUT_INVALID', `the approval cannot be recorded: ${problems}`, {
      hint: 'give --by as one line (at most 200 characters) and --reason as plain text (at most 1,000 characters)',
    });
  }
  return checked.data;
}

/**
 * Whether an approval still covers what is about to be shown: the same report, criteria, as-of date,
 * cut-off and content. Returns what differs, in words, or nothing when it does.
 */
export function approvalMismatch(approval: CriteriaReportApproved, report: StoredReport, recomputedContentHash: string): string | undefined {
  const checks: Array<[string, string, string]> = [
    ['criteria hash', approval.criteriaHash, report.criteriaHash],
    ['as-of date', approval.asOf, report.asOf],
    ['knowledge cut-off', approval.knownAt, report.knownAt],
    ['content hash of the approved report', approval.contentHash, report.contentHash],
    ['content hash of the report evaluated now', approval.contentHash, recomputedContentHash],
  ];
  const differing = checks.filter(([, approved, now]) => approved !== now).map(([what]) => what);
  return differing.length ? differing.join(', ') : undefined;
}
