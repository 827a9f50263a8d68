import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';
import { decisionsAbout } from '../sharing-decisions/decisions-store';
import type { DecisionRecord } from '../sharing-decisions/withholding';
import type { AuditEntry } from './audit-entry';
import { entriesAbout } from './audit-store';
import { classifySubject, type SubjectQuery } from './subject';

/**
 * A subject access request: "what was shared about me, with whom, when and why?". The log holds
 * member ids only, so the person is first found in the cohort (members: nhs_number, pnc_id), then
 * every entry about them, or about their family as a whole, is read.
 */
export type SubjectAccess = Readonly<{
  query: SubjectQuery;
  memberIds: readonly string[];
  familyIds: readonly string[];
  /** False when a member id was given that the cohort does not (or no longer) hold. */
  inCohort: boolean;
  entries: readonly AuditEntry[];
  /**
   * Decisions to withhold items about them as more detrimental to the child, with their reviews:
   * those naming them or their family, and those about agency events linked to their family. What
   * was withheld from whom, on what basis, who decided and when; the reason in the decider's words.
   */
  sharingDecisions: readonly DecisionRecord[];
}>;

export async function resolveSubject(db: Knex | Knex.Transaction, text: string): Promise<Omit<SubjectAccess, 'entries' | 'sharingDecisions'>> {
  const query = classifySubject(text);
  const column = { 'nhs-number': 'nhs_number', 'pnc-id': 'pnc_id', 'member-id': 'member_id' }[query.kind];
  const rows: Array<{ member_id: string; family_id: string }> = await db('members').where(column, query.value).orderBy('member_id').select('member_id', 'family_id');
  if (rows.length === 0 && query.kind !== 'member-id') {
    // The identifier is not repeated: it is personal data, and the person asking typed it.
    throw new LiveRiskError('NOT_FOUND', `no cohort member has this ${query.kind === 'nhs-number' ? 'NHS number' : 'PNC ID'}`, {
      hint: 'check the identifier, or search by member id (the log keeps entries about people who have since left the cohort)',
    });
  }
  // A member id not (or no longer) in the cohort is still searched for: the log outlives the projection.
  const memberIds = rows.length > 0 ? rows.map((row) => row.member_id) : [query.value];
  return { query, memberIds, familyIds: [...new Set(rows.map((row) => row.family_id))].sort(), inCohort: rows.length > 0 };
}

export async function subjectAccess(db: Knex | Knex.Transaction, text: string): Promise<SubjectAccess> {
  const subject = await resolveSubject(db, text);
  return {
    ...subject,
    entries: await entriesAbout(db, subject.memberIds, subject.familyIds),
    sharingDecisions: await decisionsAbout(db, subject.memberIds, subject.familyIds),
  };
}
