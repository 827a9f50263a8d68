import { agencyEventSchemas, type AgencyEvent, type InvolvedPerson } from '../../contracts';
import { calendarDate, localInstant, type Parsed } from './local-time';
import type { ExtractMapping, PersonColumns, TimeColumns } from './mapping';

/** One reason a row was refused; `column` is the agency's own column name where one is to blame. */
export type RowProblem = Readonly<{ column?: string; message: string }>;

export type RowOutcome =
  | Readonly<{ line: number; ok: true; event: AgencyEvent }>
  | Readonly<{ line: number; ok: false; problems: readonly RowProblem[] }>;

/** A row's cells by column name (empty cells, after trimming, count as absent). */
export type Cells = (column: string) => string | undefined;

/**
 * One extract row to one agency event, or every reason it cannot be one. Pure. The row is built in
 * full and then checked against the contract itself, so an event that is published is exactly what
 * the schema accepts, and a refused row names all its problems at once (never half a row).
 */
export function translateRow(mapping: ExtractMapping, line: number, cells: Cells): RowOutcome {
  const problems: RowProblem[] = [];
  const required = (column: string, what: string): string => {
    const value = cells(column);
    if (value === undefined) problems.push({ column, message: `${what} is missing` });
    return value ?? '';
  };
  const instant = (times: TimeColumns, what: string): string => {
    const parts = times.columns.map((column) => required(column, what));
    if (parts.some((part) => part === '')) return '';
    return take(localInstant(parts.join(' '), times.format, mapping.timeZone), times.columns.join(' + '), problems);
  };

  const eventId = required(mapping.eventId.column, 'the record reference');
  const occurredAt = instant(mapping.occurredAt, 'when it happened');
  const reportedAt = instant(mapping.reportedAt, 'when it was recorded');
  const code = required(mapping.category.column, 'the incident type');
  const category = code === '' ? '' : mapping.category.codes[code];
  if (code !== '' && category === undefined) {
    problems.push({ column: mapping.category.column, message: `incident type "${code}" has no entry in the mapping's category.codes; add it (mapped to one of our ${mapping.agency} categories) or correct the row` });
  }
  const summary = mapping.summary ? cells(mapping.summary.column) : undefined;
  const { line1, line2, town, postcode, uprn } = mapping.address;
  const address = {
    line1: required(line1, 'the first address line'),
    ...optional('line2', line2 && cells(line2)),
    ...optional('town', town && cells(town)),
    postcode: required(postcode, 'the postcode'),
    ...optional('uprn', uprn && cells(uprn)),
  };
  const filled = mapping.people.filter((slot) => cells(slot.givenName) !== undefined || cells(slot.familyName) !== undefined);
  const people = filled.map((slot) => personOf(slot, cells, problems));

  const candidate = {
    type: agencyEventSchemas[mapping.agency].shape.type.value,
    eventId,
    source: { organisation: mapping.organisation, ...optional('system', mapping.system) },
    occurredAt,
    reportedAt,
    category: category ?? '',
    ...optional('summary', summary),
    people,
    address,
  };
  if (problems.length > 0) return { line, ok: false, problems };
  const checked = agencyEventSchemas[mapping.agency].safeParse(candidate);
  if (!checked.success) {
    return {
      line,
      ok: false,
      problems: checked.error.issues.map((issue) => ({ ...columnOf(mapping, filled, issue.path), message: `${issue.path.join('.')} ${issue.message}` })),
    };
  }
  return { line, ok: true, event: checked.data as AgencyEvent };
}

/** One filled person slot (a slot whose name columns are both empty is nobody, and is left out before this). */
function personOf(slot: PersonColumns, cells: Cells, problems: RowProblem[]): InvolvedPerson {
  const givenName = cells(slot.givenName);
  const familyName = cells(slot.familyName);
  if (givenName === undefined) problems.push({ column: slot.givenName, message: 'the given name is missing while the family name is given' });
  if (familyName === undefined) problems.push({ column: slot.familyName, message: 'the family name is missing while the given name is given' });
  let role: string | undefined;
  if ('value' in slot.role) role = slot.role.value;
  else {
    const code = cells(slot.role.column);
    role = code === undefined ? undefined : slot.role.codes[code];
    if (role === undefined) {
      problems.push({ column: slot.role.column, message: code === undefined ? 'the role is missing' : `role "${code}" has no entry in the mapping's role codes; add it or correct the row` });
    }
  }
  const dobText = slot.dateOfBirth && cells(slot.dateOfBirth.column);
  const dateOfBirth = slot.dateOfBirth && dobText ? take(calendarDate(dobText, slot.dateOfBirth.format), slot.dateOfBirth.column, problems) : undefined;
  const nhsNumber = slot.nhsNumber && cells(slot.nhsNumber)?.replace(/[\s-]/g, '');
  const status = slot.nhsNumberVerificationStatus && cells(slot.nhsNumberVerificationStatus);
  const pncId = slot.pncId && cells(slot.pncId);
  const identifiers = { ...optional('nhsNumber', nhsNumber), ...optional('nhsNumberVerificationStatus', nhsNumber ? status : undefined), ...optional('pncId', pncId) };
  return {
    role: role as InvolvedPerson['role'],
    givenName: givenName ?? '',
    familyName: familyName ?? '',
    ...optional('dateOfBirth', dateOfBirth),
    ...(Object.keys(identifiers).length > 0 ? { identifiers: identifiers as InvolvedPerson['identifiers'] } : {}),
  };
}

function take(parsed: Parsed, column: string, problems: RowProblem[]): string {
  if (parsed.ok) return parsed.value;
  problems.push({ column, message: parsed.message });
  return '';
}

const optional = <K extends string>(key: K, value: string | undefined | false | ''): Partial<Record<K, string>> =>
  value ? ({ [key]: value } as Record<K, string>) : {};

/** The agency's column behind a contract field the schema refused, so the report names their column, not ours. */
function columnOf(mapping: ExtractMapping, filled: readonly PersonColumns[], path: readonly PropertyKey[]): { column?: string } {
  const [head, index, field] = path;
  const direct: Record<string, string | undefined> = { eventId: mapping.eventId.column, summary: mapping.summary?.column, category: mapping.category.column };
  const address: Record<string, string | undefined> = mapping.address;
  let column: string | undefined;
  if (typeof head === 'string') column = direct[head];
  if (head === 'address' && typeof index === 'string') column = address[index];
  if (head === 'people' && typeof index === 'number' && filled[index]) {
    const slot = filled[index];
    const bySlot: Record<string, string | undefined> = { givenName: slot.givenName, familyName: slot.familyName, dateOfBirth: slot.dateOfBirth?.column };
    const identifier = path[3];
    if (field === 'identifiers' && typeof identifier === 'string') column = (slot as Record<string, unknown>)[identifier] as string | undefined;
    else if (typeof field === 'string') column = bySlot[field];
  }
  return column ? { column } : {};
}
