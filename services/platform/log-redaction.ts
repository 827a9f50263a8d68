/**
 * Fields that say who someone is, censored in every log line at every level. Code should log event
 * ids and counts anyway; this is the second line of defence for the day someone logs an event, a
 * row or a request body whole.
 *
 * The names are those the analyst commands pseudonymise (services/analyst/personal-data.ts and
 * pseudonymise-digest.ts; a unit test keeps the two in step), plus `address`, so a whole address
 * object goes even where a field inside it is nested too deep to be matched.
 */
export const personalLogFields = [
  // names
  'givenName', 'familyName', 'name', 'practitionerName', 'decidedBy', 'approvedBy', 'reviewedBy', 'acknowledgedBy',
  // dates of birth
  'dateOfBirth',
  // identifiers: national ones, and the council's own that its systems turn back into people
  'nhsNumber', 'pncId', 'memberId', 'familyId', 'reference', 'familyReference', 'policeReference',
  // addresses
  'address', 'line1', 'line2', 'postcode', 'uprn', 'area',
  'email',
  // free text, which may name anyone; `key` and `value` are a message's or a row's, whatever it holds
  'summary', 'explanation', 'whyMatched', 'reasons', 'reason', 'justification', 'circumstances', 'key', 'value',
] as const;

export const redactionCensor = '[redacted]';

/**
 * pino matches a redaction path at one depth only (`*` is one key or one array index, never "any
 * depth"), so each field is listed at the top level and under one to `nesting` levels: with 3,
 * `nhsNumber`, `person.nhsNumber`, `people[0].nhsNumber` and `event.people[0].nhsNumber` are all
 * censored. Paths cost time on every line written: these 120 take about 50 µs a line (measured on
 * the development machine, against 1 µs without redaction), which is why it stops at 3 rather than 10.
 * Lines below the level are never formatted, so this is paid only for what is written.
 */
const nesting = 3;

export const redactPaths: readonly string[] = personalLogFields.flatMap((field) =>
  Array.from({ length: nesting + 1 }, (_, depth) => [...Array<string>(depth).fill('*'), field].join('.')),
);
