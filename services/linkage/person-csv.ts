import { csvRecords, quoteCsvField } from '../platform/csv';
import type { PersonRecord, ScoredPair } from './types';

/**
 * People for batch linkage: UTF-8, comma separated, RFC 4180 quoting, a header row, columns in
 * any order, an empty cell meaning "not known". Columns other than these are ignored.
 *
 *   id,given_name,family_name,date_of_birth,address,postcode,nhs_number,pnc_id,uprn
 *   P1,Jo,Smith,1990-04-01,"12 Mill Lane, Upper Flat",BA1 1AA,9434765919,,100000000123
 */
export const requiredPersonColumns = ['id', 'given_name', 'family_name', 'date_of_birth', 'address', 'postcode'] as const;
export const optionalPersonColumns = ['nhs_number', 'pnc_id', 'uprn'] as const;

/** A problem found in the file, by line (1 is the header) and column. */
export type PersonCsvProblem = { line: number; column?: string; reason: string };

const fieldOf = {
  given_name: 'givenName', family_name: 'familyName', date_of_birth: 'dateOfBirth', address: 'address',
  postcode: 'postcode', nhs_number: 'nhsNumber', pnc_id: 'pncId', uprn: 'uprn',
} as const;

export function parsePersonCsv(text: string): { people: PersonRecord[]; problems: PersonCsvProblem[] } {
  const people: PersonRecord[] = [];
  const problems: PersonCsvProblem[] = [];
  const rows = csvRecords(text);
  const header = rows.next();
  if (header.done) return { people, problems: [{ line: 1, reason: `the file is empty; the first line must be the header ${requiredPersonColumns.join(',')}` }] };
  if ('error' in header.value) return { people, problems: [{ line: 1, reason: `header: ${header.value.error}` }] };
  const names = header.value.fields.map((name) => name.trim().toLowerCase());
  const missing = requiredPersonColumns.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    return { people, problems: [{ line: 1, reason: `header: missing column(s) ${missing.join(', ')}; the columns are ${[...requiredPersonColumns, ...optionalPersonColumns].join(',')} (order free; the last three optional)` }] };
  }
  const lineOfId = new Map<string, number>();
  for (const row of rows) {
    if ('error' in row) {
      problems.push({ line: row.line, reason: row.error });
      continue;
    }
    if (row.fields.length === 1 && row.fields[0].trim() === '') continue;
    if (row.fields.length !== names.length) {
      problems.push({ line: row.line, reason: `the row has ${row.fields.length} fields but the header has ${names.length}; quote any field that contains a comma` });
      continue;
    }
    const person: Record<string, string | null> = {};
    let id = '';
    names.forEach((name, i) => {
      const value = row.fields[i].trim();
      if (name === 'id') id = value;
      else if (name in fieldOf) person[fieldOf[name as keyof typeof fieldOf]] = value === '' ? null : value;
    });
    const dateOfBirth = person.dateOfBirth;
    if (id === '') problems.push({ line: row.line, column: 'id', reason: 'is empty; give every row an id' });
    else if (lineOfId.has(id)) problems.push({ line: row.line, column: 'id', reason: `"${id}" is already used on line ${lineOfId.get(id)}; ids must be unique` });
    else if (dateOfBirth && !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) {
      // Not echoed: a date of birth is personal data. A well-formed but impossible date (a typo) is kept.
      problems.push({ line: row.line, column: 'date_of_birth', reason: 'is not written as YYYY-MM-DD; write it like 1990-04-01 or leave the cell empty' });
    } else {
      lineOfId.set(id, row.line);
      people.push({ id, givenName: null, familyName: null, dateOfBirth: null, address: null, postcode: null, ...person });
    }
  }
  return { people, problems };
}

/** Header plus one line per pair; the explanation column only when asked for. */
export function formatLinksCsv(pairs: Iterable<ScoredPair>, withExplanation: boolean): string {
  const lines = [withExplanation ? 'record_id,cohort_id,score,decision,explanation' : 'record_id,cohort_id,score,decision'];
  for (const pair of pairs) {
    const fields = [pair.recordId, pair.cohortId, pair.score.toFixed(4), pair.decision];
    if (withExplanation) fields.push(pair.explanation);
    lines.push(fields.map(quoteCsvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
