import { z } from 'zod';
import { calendarDate, instant } from './dates';
import { identifier } from './primitives';
import { narrative, text } from './text';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits');

/**
 * Governance approving a pseudonymised eligibility-criteria report (services/criteria), the step
 * before anyone identified by it may be contacted. An event like every other decision here, so the
 * approval is on record, replays, and binds to exactly what was approved: the report id and the
 * criteria version and hash, as-of date, knowledge cut-off and content hash it was derived from.
 * `live-risk criteria list` shows the identified households only while all of them still agree.
 */
export const criteriaReportApproved = z
  .object({
    type: z.literal('criteria-report.approved'),
    approvalId: identifier.describe('deterministic: one per report and approver, so approving twice is one approval'),
    reportId: identifier.describe('the id the report printed, derived from its content hash'),
    criteriaVersion: text({ min: 1, max: 50 }),
    criteriaHash: sha256.describe('SHA-256 of the criteria file as canonical JSON'),
    asOf: calendarDate.describe('the date the criteria were evaluated as of'),
    knownAt: instant.describe('history as it had reached live-risk by this instant'),
    contentHash: sha256.describe('SHA-256 of the pseudonymised report as canonical JSON'),
    approvedBy: text({ min: 1, max: 200 }).describe('who approved it, for governance'),
    reason: narrative({ min: 1, max: 1000 }).describe('the decision as minuted, e.g. the board and date'),
    approvedAt: instant,
  })
  .strict();
export type CriteriaReportApproved = Readonly<z.infer<typeof criteriaReportApproved>>;

/** Every event on criteria-approvals.v1; a union of one today, so a withdrawal can join it without a new topic. */
export const criteriaApprovalEvent = z.discriminatedUnion('type', [criteriaReportApproved]);
export type CriteriaApprovalEvent = Readonly<z.infer<typeof criteriaApprovalEvent>>;
