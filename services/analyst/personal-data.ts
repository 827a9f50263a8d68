import type { PseudonymKind, Pseudonymiser } from './pseudonymise';

/**
 * Which values in the projection tables say who someone is, and so are replaced by pseudonyms in
 * whatever an analyst command prints or writes (unless `--raw`, which is audited).
 *
 * Pseudonymised: names (given, family, practitioners'), the normalised name key, dates of birth, NHS
 * numbers, PNC IDs, member and family ids (the council's own system turns them back into people),
 * the family reference practitioners know a family by, address lines and the normalised address
 * key, postcodes, UPRNs, email addresses; and free text, which may name anyone (an event's
 * summary, a link's explanation, a reviewer's reason, a safeguarding justification, a dead letter's
 * original bytes).
 *
 * Kept: codes and statuses, event times, our own derived ids (match, review, digest, dead-letter and
 * cohort event ids are hashes), practitioner ids (staff codes), teams (the council's own units),
 * scores, the town (the area a summary shows anyway).
 *
 * Fail closed: a string in a column or JSON field not listed either way is pseudonymised as a
 * `value`, so a column a later migration adds is hidden until someone decides it is safe.
 */
const sensitiveColumns: Readonly<Record<string, PseudonymKind>> = {
  given_name: 'person',
  family_name: 'person',
  name: 'person',
  name_key: 'person',
  date_of_birth: 'dob',
  nhs_number: 'nhs',
  pnc_id: 'pnc',
  member_id: 'member',
  family_id: 'family',
  reference: 'reference',
  address_line1: 'address',
  address_line2: 'address',
  address_key: 'address',
  postcode: 'postcode',
  uprn: 'uprn',
  email: 'email',
  justification: 'text',
  approved_by: 'person',
  acknowledged_by: 'person',
};

const safeColumns: ReadonlySet<string> = new Set([
  'id', 'status', 'purpose', 'basis', 'agency', 'category', 'context', 'timing', 'town', 'team',
  'match_id', 'digest_id', 'review_id', 'dead_letter_id', 'practitioner_id', 'event_id',
  'source_topic', 'source_partition', 'source_offset', 'reason_code', 'reason', 'dead_letter_offset',
  'valid_from', 'digest_date', 'rule_set_version', 'change_seq', 'ordinal',
  // Times of events and of our own processing; a date of birth is never one of these.
  'enrolled_at', 'closed_at', 'changed_at', 'occurred_at', 'reported_at', 'received_at', 'requested_at', 'window_from',
  'window_to', 'cut_off', 'dead_lettered_at', 'updated_at', 'created_at', 'published_at', 'decided_at', 'processed_at',
  'issued_at', 'sent_at', 'done_at',
  // Criteria approvals: our own derived ids and hashes, and when.
  'report_id', 'approval_id', 'content_hash', 'approved_at',
  // Sharing decisions: our derived ids, the agency's event id (an event's own, as in matches), the paths, the outcome, when.
  'decision_id', 'agency_event_id', 'paths', 'outcome', 'reviewed_at', 'recorded_at',
]);

/** Columns whose values are replaced whatever their type (a date of birth is a `date`). */
export const isSensitiveColumn = (column: string): boolean => column in sensitiveColumns;

export const sensitiveFields: Readonly<Record<string, PseudonymKind>> = {
  givenName: 'person',
  familyName: 'person',
  name: 'person',
  decidedBy: 'person',
  approvedBy: 'person',
  reviewedBy: 'person',
  acknowledgedBy: 'person',
  dateOfBirth: 'dob',
  nhsNumber: 'nhs',
  pncId: 'pnc',
  memberId: 'member',
  familyId: 'family',
  reference: 'reference',
  familyReference: 'reference',
  policeReference: 'reference',
  line1: 'address',
  line2: 'address',
  postcode: 'postcode',
  uprn: 'uprn',
  email: 'email',
  summary: 'text',
  explanation: 'text',
  reasons: 'text',
  reason: 'text',
  justification: 'text',
  circumstances: 'text',
  key: 'text',
  value: 'text',
};

const safeFields: ReadonlySet<string> = new Set([
  'type', 'agency', 'category', 'organisation', 'system', 'role', 'timing', 'status', 'decision', 'matcher', 'context',
  'level', 'basis', 'lawfulBasis', 'policyVersion', 'ruleSetVersion', 'ruleId', 'recipientRole', 'comparison', 'town', 'team',
  'matchId', 'digestId', 'reviewId', 'deadLetterId', 'practitionerId', 'eventId', 'agencyEventId', 'topic', 'reasonCode',
  'occurredAt', 'reportedAt', 'receivedAt', 'matchedAt', 'requestedAt', 'decidedAt', 'recordedAt', 'issuedAt',
  'deadLetteredAt', 'cutOff', 'date', 'from', 'to', 'offset', 'partition', 'purpose',
  'reportId', 'approvalId', 'criteriaVersion', 'criteriaHash', 'contentHash', 'asOf', 'knownAt', 'approvedAt',
  'decisionId', 'paths', 'outcome', 'reviewedAt',
]);

/** What to show for one column's value: itself, or its pseudonym. Objects (jsonb) are walked field by field. */
export function pseudonymiseColumn(p: Pseudonymiser, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const kind = sensitiveColumns[column];
  if (kind) return p.pseudonym(kind, scalarText(value));
  if (typeof value === 'object' && !(value instanceof Date)) return pseudonymiseJson(p, value, column);
  if (typeof value === 'string' && !safeColumns.has(column)) return p.pseudonym('value', value);
  return value;
}

export function pseudonymiseRow(p: Pseudonymiser, row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, pseudonymiseColumn(p, column, value)]));
}

/** A JSON document with every string pseudonymised by the name of the field that holds it (array items by their array's). */
export function pseudonymiseJson(p: Pseudonymiser, value: unknown, field: string): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => pseudonymiseJson(p, item, field));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, pseudonymiseJson(p, inner, key)]));
  }
  const text = scalarText(value);
  const kind = sensitiveFields[field];
  if (kind) return p.pseudonym(kind, text);
  return safeFields.has(field) ? text : p.pseudonym('value', text);
}

function scalarText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
