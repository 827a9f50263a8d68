import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import { criteriaReportApproved, type CriteriaReportApproved } from '../contracts';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';
import { decideApproval, type ApprovalRequest } from './approval';
import { findReport } from './report-store';

/** Approvals of a report as the projection of criteria-approvals.v1 holds them, oldest first. */
export async function approvalsOf(db: Knex | Knex.Transaction, reportId: string): Promise<CriteriaReportApproved[]> {
  const rows: Array<{ payload: unknown }> = await db('criteria_approvals').where('report_id', reportId).orderBy([{ column: 'approved_at' }, { column: 'approval_id' }]).select('payload');
  return rows.map((row) => criteriaReportApproved.parse(row.payload));
}

/** Publishes governance's approval; it is on record once the criteria-approvals consumer has applied it. */
export async function approveReport(runtime: Runtime, reportId: string, request: ApprovalRequest): Promise<CriteriaReportApproved> {
  const report = await findReport(runtime.db, reportId);
  const event = decideApproval(report, request, await approvalsOf(runtime.db, reportId));
  await publishEvents(runtime, 'criteriaApprovals', [event], (e) => e.reportId);
  return event;
}

export type IdentifiedHousehold = Readonly<{ familyId: string; reference: string; practitionerId: string | null; memberIds: readonly string[]; criteria: readonly string[] }>;

/**
 * The identified list is a disclosure to whoever runs it: recorded in the audit log first, in the
 * same way `--raw` is (kind `raw-access`, actor `analyst:<by>`), one entry per household with its
 * family and member ids, so a subject access request finds that the family was on the list, and
 * one entry for the list as a whole, so an empty list is on record too.
 */
export async function recordIdentifiedList(db: Knex, by: string, approval: CriteriaReportApproved, households: readonly IdentifiedHousehold[]): Promise<void> {
  const analyst = `analyst:${by}`;
  const detail = { command: 'criteria list', reportId: approval.reportId, approvalId: approval.approvalId, criteriaVersion: approval.criteriaVersion, asOf: approval.asOf };
  await db.transaction((trx) =>
    appendAuditEntries(trx, [
      { kind: 'raw-access', actor: analyst, recipient: analyst, detail: { ...detail, households: households.length } },
      ...households.map((household) => ({
        kind: 'raw-access' as const,
        actor: analyst,
        recipient: analyst,
        familyId: household.familyId,
        subjectMemberIds: household.memberIds.slice(0, 100),
        detail: { ...detail, criteria: household.criteria.join(',') },
      })),
    ]),
  );
}

/** Who each identified household is, as the council knows it: its reference, lead practitioner and members. */
export async function identify(db: Knex | Knex.Transaction, met: ReadonlyArray<Readonly<{ familyId: string; met: readonly string[] }>>): Promise<IdentifiedHousehold[]> {
  const ids = met.map((result) => result.familyId);
  if (ids.length === 0) return [];
  const families: Array<{ family_id: string; reference: string; practitioner_id: string | null }> = await db('families').whereIn('family_id', ids).select('family_id', 'reference', 'practitioner_id');
  const members: Array<{ family_id: string; member_id: string }> = await db('members').whereIn('family_id', ids).orderBy('member_id').select('family_id', 'member_id');
  const byId = new Map(families.map((row) => [row.family_id, row]));
  return met.map((result) => ({
    familyId: result.familyId,
    reference: byId.get(result.familyId)?.reference ?? '(no longer in the cohort)',
    practitionerId: byId.get(result.familyId)?.practitioner_id ?? null,
    memberIds: members.filter((row) => row.family_id === result.familyId).map((row) => row.member_id),
    criteria: result.met,
  }));
}
