import { calendarDateProblem, lawfulBases, pncId, postcode, practitioner, textProblem, uprn, type TextKind } from '../contracts';
import { csvRecords, quoteCsvField } from '../platform/csv';
import { isValidNhsNumber } from './nhs-number';

/**
 * The cohort CSV a council exports: one row per family member, UTF-8, comma separated, RFC 4180
 * quoting, header row required (column order free, unknown columns rejected).
 *
 *   family_id,family_reference,lead_practitioner_id,lead_practitioner_name,lead_practitioner_email,
 *   [lead_practitioner_team,]member_id,given_name,family_name,date_of_birth,nhs_number,pnc_id,
 *   address_line1,address_line2,town,postcode,uprn,consent[,consent_justification][,school_urn]
 *   F000123,SF-000123,P001,Ann Cole,ann.cole@council.example,North Family Help,F000123-M1,Jo,Smith,
 *   1990-04-01,9990012349,,"12 Mill Lane, Upper Flat",,Avonford,BA1 1AA,100000000123,consent
 *
 * Family-level columns (reference, practitioner, address, consent, consent_justification) repeat on
 * every member's row and must agree; the first accepted row of a family is the one later rows are
 * checked against. `consent_justification` is required with `vital-interests`: sharing without
 * consent on safeguarding grounds must say why. A practitioner is in one team: every row that names
 * them gives the same `lead_practitioner_team`, since who may oversee their families follows from it.
 * `school_urn` is the roll (Operation Encompass tells that school): the URN of the school the member
 * attends, `HOME` when they are educated at home (the council's team is told instead), or empty
 * when not known or not of school age; it becomes a `member.school-recorded` event.
 */
/** The `school_urn` value that means "educated at home". */
export const homeEducated = 'HOME';
/** The lawful basis for sharing, or `none` when the family has not agreed and no other basis applies. */
export type CohortConsent = (typeof lawfulBases)[number] | 'none';
export const cohortConsentValues: readonly CohortConsent[] = [...lawfulBases, 'none'];

export type CohortRow = Readonly<{
  familyId: string;
  familyReference: string;
  leadPractitionerId: string;
  leadPractitionerName: string;
  leadPractitionerEmail: string;
  leadPractitionerTeam?: string;
  memberId: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  nhsNumber?: string;
  pncId?: string;
  addressLine1: string;
  addressLine2?: string;
  town?: string;
  postcode: string;
  uprn?: string;
  consent: CohortConsent;
  consentJustification?: string;
  /** A school's URN (six digits), or `HOME` (homeEducated). */
  schoolUrn?: string;
}>;

export type CohortCsvRejection = { line: number; reason: string };

/** A problem with a value, phrased as "what is wrong; what to put instead". */
type Check = (value: string) => string | undefined;
/** Every column is single-line text unless it says otherwise, with the same rule as the cohort events. */
type ColumnRule = { column: string; key: keyof CohortRow; required: boolean; maxLength?: number; text?: TextKind; check?: Check };

const schemaCheck =
  (schema: { safeParse(value: string): { success: boolean } }, problem: string): Check =>
  (value) => (schema.safeParse(value).success ? undefined : problem);

const checkEmail = schemaCheck(practitioner.shape.email, 'is not an email address; write it like name@council.example');
const checkDate: Check = (value) => {
  const problem = calendarDateProblem(value);
  return problem && `${problem}; write a real date as YYYY-MM-DD or leave the column empty`;
};
const checkNhsNumber: Check = (value) =>
  !/^\d{10}$/.test(value)
    ? 'is not 10 digits; write the NHS number without letters or leave the column empty'
    : isValidNhsNumber(value)
      ? undefined
      : 'fails the NHS modulus-11 check; check the number or leave the column empty';
const checkPncId = schemaCheck(pncId, 'is not a PNC ID; write it like 12/345678A or leave the column empty');
const checkPostcode = schemaCheck(postcode, 'is not a UK postcode; write it like BA1 1AA');
const checkUprn = schemaCheck(uprn, 'is not a UPRN; write 1 to 12 digits or leave the column empty');
const checkSchool: Check = (value) =>
  /^\d{6}$/.test(value) || value === homeEducated ? undefined : `is not a school URN; write the school's six-digit URN, ${homeEducated} for a child educated at home, or leave the column empty`;
const checkConsent: Check = (value) =>
  (cohortConsentValues as readonly string[]).includes(value) ? undefined : `is not one of ${cohortConsentValues.join(', ')}`;

// Maximum lengths follow the event contracts, so every accepted row makes valid cohort events.
const rules: readonly ColumnRule[] = [
  { column: 'family_id', key: 'familyId', required: true, maxLength: 100 },
  { column: 'family_reference', key: 'familyReference', required: true, maxLength: 100 },
  { column: 'lead_practitioner_id', key: 'leadPractitionerId', required: true, maxLength: 100 },
  { column: 'lead_practitioner_name', key: 'leadPractitionerName', required: true, maxLength: 200 },
  { column: 'lead_practitioner_email', key: 'leadPractitionerEmail', required: true, check: checkEmail },
  { column: 'lead_practitioner_team', key: 'leadPractitionerTeam', required: false, maxLength: 100 },
  { column: 'member_id', key: 'memberId', required: true, maxLength: 100 },
  { column: 'given_name', key: 'givenName', required: true, maxLength: 100 },
  { column: 'family_name', key: 'familyName', required: true, maxLength: 100 },
  { column: 'date_of_birth', key: 'dateOfBirth', required: false, check: checkDate },
  { column: 'nhs_number', key: 'nhsNumber', required: false, check: checkNhsNumber },
  { column: 'pnc_id', key: 'pncId', required: false, check: checkPncId },
  { column: 'address_line1', key: 'addressLine1', required: true, maxLength: 200 },
  { column: 'address_line2', key: 'addressLine2', required: false, maxLength: 200 },
  { column: 'town', key: 'town', required: false, maxLength: 100 },
  { column: 'postcode', key: 'postcode', required: true, check: checkPostcode },
  { column: 'uprn', key: 'uprn', required: false, check: checkUprn },
  { column: 'consent', key: 'consent', required: true, check: checkConsent },
  { column: 'consent_justification', key: 'consentJustification', required: false, maxLength: 1000, text: 'narrative' },
  { column: 'school_urn', key: 'schoolUrn', required: false, check: checkSchool },
];

export const cohortCsvColumns: readonly string[] = rules.map((rule) => rule.column);

const familyLevelKeys: readonly (keyof CohortRow)[] = [
  'familyReference', 'leadPractitionerId', 'leadPractitionerName', 'leadPractitionerEmail', 'leadPractitionerTeam',
  'addressLine1', 'addressLine2', 'town', 'postcode', 'uprn', 'consent', 'consentJustification',
];
const columnOf = new Map(rules.map((rule) => [rule.key, rule.column]));

// NHS numbers are often written 943 476 5919; the spaces carry no meaning.
const normalise = (key: keyof CohortRow, value: string): string =>
  key === 'nhsNumber' ? value.trim().replace(/ /g, '') : value.trim();

export function parseCohortCsv(text: string): { rows: CohortRow[]; rejections: CohortCsvRejection[] } {
  const rows: CohortRow[] = [];
  const rejections: CohortCsvRejection[] = [];
  const records = csvRecords(text);
  const header = records.next();
  if (header.done) {
    return { rows, rejections: [{ line: 1, reason: `the file is empty; the first line must be the header ${cohortCsvColumns.join(',')}` }] };
  }
  if ('error' in header.value) return { rows, rejections: [{ line: 1, reason: `header: ${header.value.error}` }] };
  const headerProblem = checkHeader(header.value.fields);
  if (headerProblem) return { rows, rejections: [{ line: 1, reason: headerProblem }] };
  const ruleOf = new Map(rules.map((rule) => [rule.column, rule]));
  const columns = header.value.fields.map((name) => ruleOf.get(name.trim()) as ColumnRule);

  const firstRowOfFamily = new Map<string, { line: number; row: CohortRow }>();
  const teamOfPractitioner = new Map<string, { line: number; team: string | undefined }>();
  const lineOfMember = new Map<string, number>();
  for (const record of records) {
    if ('fields' in record && record.fields.length === 1 && record.fields[0].trim() === '') continue;
    const parsed = 'error' in record ? record.error : rowFrom(record.fields, columns);
    if (typeof parsed === 'string') {
      rejections.push({ line: record.line, reason: parsed });
      continue;
    }
    const earlierMemberLine = lineOfMember.get(parsed.memberId);
    if (earlierMemberLine !== undefined) {
      rejections.push({
        line: record.line,
        reason: `member_id "${parsed.memberId}" is already used on line ${earlierMemberLine}; give each family member a unique member_id`,
      });
      continue;
    }
    const first = firstRowOfFamily.get(parsed.familyId);
    const differing = first ? familyLevelKeys.filter((key) => first.row[key] !== parsed[key]) : [];
    if (first && differing.length > 0) {
      const names = differing.map((key) => columnOf.get(key)).join(', ');
      rejections.push({
        line: record.line,
        reason: `${names} ${differing.length === 1 ? 'differs' : 'differ'} from line ${first.line} of family "${parsed.familyId}"; every row of a family must share its reference, practitioner, address and consent, so make this row match line ${first.line}`,
      });
      continue;
    }
    const team = teamOfPractitioner.get(parsed.leadPractitionerId);
    if (team && team.team !== parsed.leadPractitionerTeam) {
      rejections.push({
        line: record.line,
        reason: `lead_practitioner_team differs from line ${team.line} for practitioner "${parsed.leadPractitionerId}"; a practitioner is in one team, so give the same team on every row that names them`,
      });
      continue;
    }
    if (!team) teamOfPractitioner.set(parsed.leadPractitionerId, { line: record.line, team: parsed.leadPractitionerTeam });
    if (!first) firstRowOfFamily.set(parsed.familyId, { line: record.line, row: parsed });
    lineOfMember.set(parsed.memberId, record.line);
    rows.push(parsed);
  }
  return { rows, rejections };
}

function checkHeader(fields: readonly string[]): string | undefined {
  const names = fields.map((name) => name.trim());
  const problems: string[] = [];
  const unknown = names.filter((name) => !cohortCsvColumns.includes(name));
  if (unknown.length > 0) problems.push(`unknown column(s) ${unknown.map((name) => `"${name}"`).join(', ')}`);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) problems.push(`repeated column(s) ${[...new Set(repeated)].join(', ')}`);
  const missing = rules.filter((rule) => rule.required && !names.includes(rule.column)).map((rule) => rule.column);
  if (missing.length > 0) problems.push(`missing required column(s) ${missing.join(', ')}`);
  if (problems.length === 0) return undefined;
  return `header: ${problems.join('; ')}; the columns are ${cohortCsvColumns.join(',')} (order free, only the required ones must be present)`;
}

function rowFrom(fields: readonly string[], columns: readonly ColumnRule[]): CohortRow | string {
  if (fields.length !== columns.length) {
    return `the row has ${fields.length} fields but the header has ${columns.length}; quote any field that contains a comma`;
  }
  const row: Record<string, string> = {};
  const problems: string[] = [];
  columns.forEach((rule, index) => {
    const value = normalise(rule.key, fields[index]);
    if (value === '') {
      if (rule.required) problems.push(`${rule.column} is empty; it is required`);
      return;
    }
    // Over-long values and bad text are not echoed: they are usually free text such as names, and
    // bad text would carry its control characters into the message.
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      problems.push(`${rule.column} is longer than ${rule.maxLength} characters; shorten it`);
      return;
    }
    const badText = textProblem(value, rule.text ?? 'single-line');
    if (badText) {
      problems.push(`${rule.column} ${badText}; remove it`);
      return;
    }
    const problem = rule.check?.(value);
    if (problem) problems.push(`${rule.column} "${value}" ${problem}`);
    else row[rule.key] = value;
  });
  if (row.consent === 'vital-interests' && !row.consentJustification) {
    problems.push('consent is vital-interests but consent_justification is empty; record why sharing without consent is needed (safeguarding), or use another basis');
  }
  return problems.length > 0 ? problems.join('; ') : (row as CohortRow);
}

/** Header plus one line per row, quoting only where RFC 4180 needs it; CRLF line ends. */
export function formatCohortCsv(rows: readonly CohortRow[]): string {
  const lines = [cohortCsvColumns.join(',')];
  for (const row of rows) lines.push(rules.map((rule) => quoteCsvField(row[rule.key] ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

