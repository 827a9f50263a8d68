import type { PersonRecord } from './person';

/**
 * The files `live-risk link` reads and writes, UTF-8, RFC 4180 quoting, header row:
 *
 *   cohort.csv / records.csv  id,given_name,family_name,date_of_birth,address,postcode,nhs_number
 *                             C0000001,Olivia,Smith,1984-03-07,"12 Mill Lane, Avonford",BA1 1AB,9990001234
 *   truth.csv                 record_id,cohort_id        (one row per record about a cohort member)
 *   cases.csv                 record_id,cases            (every record; cases joined by ";")
 *                             R0000001,level:hard;twin;nickname
 *   links.csv (from link)     record_id,cohort_id,score,decision    decision: link | review
 *
 * Empty fields are missing values.
 */
export const personColumns = ['id', 'given_name', 'family_name', 'date_of_birth', 'address', 'postcode', 'nhs_number'] as const;

const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return fields.map((field) => (field === null || field === undefined ? '' : quote(String(field)))).join(',') + '\n';
}

export function personLine(person: PersonRecord): string {
  return csvLine([person.id, person.givenName, person.familyName, person.dateOfBirth, person.address, person.postcode, person.nhsNumber]);
}

/** Every record of a CSV text as fields (header included); quoted fields may hold commas and quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let fields: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      for (i++; i < text.length; ) {
        const close = text.indexOf('"', i);
        if (close === -1) throw new Error('a quoted field is never closed');
        value += text.slice(i, close);
        i = close + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      value = text.slice(i, end);
      i = end;
    }
    fields.push(value);
    if (text[i] === ',') {
      i++;
      if (i === text.length) fields.push('');
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    rows.push(fields);
    fields = [];
  }
  if (fields.length > 0) rows.push(fields);
  return rows.filter((row) => !(row.length === 1 && row[0] === ''));
}

/** Rows as objects keyed by header name; throws with the missing column's name if one is absent. */
export function csvObjects(text: string, required: readonly string[]): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  const names = (header ?? []).map((name) => name.trim());
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new Error(`missing column(s) ${missing.join(', ')}; the header is "${names.join(',')}"`);
  return rows.map((row) => Object.fromEntries(names.map((name, index) => [name, row[index] ?? ''])));
}

export function personFromCsv(row: Readonly<Record<string, string>>): PersonRecord {
  const value = (column: string): string | null => (row[column] === undefined || row[column].trim() === '' ? null : row[column].trim());
  return {
    id: row.id,
    givenName: value('given_name'),
    familyName: value('family_name'),
    dateOfBirth: value('date_of_birth'),
    address: value('address'),
    postcode: value('postcode'),
    nhsNumber: value('nhs_number'),
  };
}
