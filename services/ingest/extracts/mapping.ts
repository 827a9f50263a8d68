import { z } from 'zod';
import { agencies, codeListByAgency, personRoles, type Agency } from '../../contracts';

type PersonRole = (typeof personRoles)[number];
import { loadJsonDocument, parseJsonDocument } from '../../platform/json-file';

/**
 * The extract mapping file: how one agency's own CSV extract (its column names, its date format,
 * its incident-type codes) becomes our agency events. One JSON file per agency and extract layout,
 * versioned by `version` (the format of this file) and `revision` (the agency's own edits). See the
 * README section "Agencies: the extract mapping file". Example: examples/police-mapping.json.
 *
 *   {
 *     "version": 1, "agency": "police", "revision": "2026-11-30",
 *     "organisation": "West Yorkshire Police", "timeZone": "Europe/London",
 *     "eventId": { "column": "IncidentRef" },
 *     "occurredAt": { "columns": ["OccurredDate", "OccurredTime"], "format": "dd/MM/yyyy HH:mm" },
 *     "reportedAt": { "columns": ["ReportedDateTime"], "format": "dd/MM/yyyy HH:mm" },
 *     "category": { "column": "IncidentType", "codes": { "DA": "DOMESTIC_ABUSE", ... } },
 *     "address": { "line1": "Address1", "postcode": "Postcode", ... },
 *     "people": [{ "givenName": "P1_Forename", "familyName": "P1_Surname", "role": { "column": "P1_Role", "codes": { "VIC": "victim" } } }]
 *   }
 */
export const extractMappingVersion = 1;

const column = z
  .string({ error: 'should be the name of a column in the extract\'s header row, e.g. "IncidentRef"' })
  .trim()
  .min(1, 'should be the name of a column in the extract\'s header row, not empty');

/** A date-fns format string (https://date-fns.org/docs/parse), e.g. dd/MM/yyyy HH:mm. */
const dateFormat = z
  .string({ error: 'should be a date format such as "dd/MM/yyyy HH:mm" (date-fns tokens: dd day, MM month, yyyy year, HH hour, mm minute)' })
  .min(2)
  .refine((format) => format.includes('yyyy') || format.includes('yy'), 'should include the year, e.g. "dd/MM/yyyy HH:mm"');

/** An instant from one column, or several joined by one space (a date column and a time column). */
const timeColumns = z
  .object(
    {
    columns: z.array(column, { error: 'should list the columns holding the date and time, e.g. ["OccurredDate", "OccurredTime"]' }).min(1, 'should list at least one column').max(3, 'should list at most three columns (joined by a space)'),
      format: dateFormat,
    },
    { error: 'should be { "columns": ["<date column>", "<time column>"], "format": "dd/MM/yyyy HH:mm" }' },
  )
  .strict();

const codeTable = <T extends string>(targets: readonly [T, ...T[]], what: string) =>
  z.record(
    z.string().min(1, 'a code in the table should not be empty'),
    z.enum(targets, { error: (issue) => `${JSON.stringify(issue.input)} is not ${what}; use one of ${targets.join(', ')}` }),
  );

const roleForms = `{ "value": "<role>" } for everyone in the slot, or { "column": "<column>", "codes": { "<agency code>": "<role>" } }; roles: ${personRoles.join(', ')}`;
const role = z
  .object(
    {
      value: z.enum(personRoles, { error: `should be one of ${personRoles.join(', ')}` }).optional(),
      column: column.optional(),
      codes: codeTable(personRoles, 'a person role').optional(),
    },
    { error: `should be ${roleForms}` },
  )
  .strict()
  .refine((r) => (r.value !== undefined ? r.column === undefined && r.codes === undefined : r.column !== undefined && r.codes !== undefined), `should be ${roleForms}`)
  .transform((r): { value: PersonRole } | { column: string; codes: Record<string, PersonRole> } => (r.value ? { value: r.value } : { column: r.column!, codes: r.codes! }));

/** `{ "column": "..." }`, with a message that says so when something else is there. */
const columnRef = (example: string) => z.object({ column }, { error: `should be { "column": "${example}" }` }).strict();

/** One person slot of a row (person1_*, person2_* …); a slot whose name columns are empty is nobody. */
const personColumns = z
  .object({
    givenName: column,
    familyName: column,
    role,
    dateOfBirth: z.object({ column, format: dateFormat }, { error: 'should be { "column": "<column>", "format": "dd/MM/yyyy" }' }).strict().optional(),
    nhsNumber: column.optional(),
    nhsNumberVerificationStatus: column.optional(),
    pncId: column.optional(),
  })
  .strict();

const mappingFor = <A extends Agency>(agency: A) => {
  const categories = Object.keys(codeListByAgency[agency]) as [string, ...string[]];
  return z
    .object({
      version: z.literal(extractMappingVersion, { error: `should be ${extractMappingVersion}, the mapping format this version of live-risk reads` }),
      agency: z.literal(agency),
      revision: z.string().min(1, "should name this revision of the mapping, e.g. the date it was agreed: \"2026-11-30\""),
      organisation: z.string().min(1, 'should be the publishing organisation, e.g. "West Yorkshire Police"'),
      system: z.string().min(1).optional(),
      timeZone: z
        .string()
        .refine(isTimeZone, 'should be an IANA time zone such as "Europe/London" (the zone the extract\'s local times are in)'),
      eventId: columnRef('<the column holding your record reference>'),
      occurredAt: timeColumns,
      reportedAt: timeColumns,
      category: z
        .object({ column, codes: codeTable(categories, `a ${agency} category code`) }, { error: 'should be { "column": "<incident type column>", "codes": { "<your code>": "<our category>" } }' })
        .strict(),
      summary: columnRef('<the column holding a short narrative>').optional(),
      address: z
        .object({ line1: column, line2: column.optional(), town: column.optional(), postcode: column, uprn: column.optional() })
        .strict(),
      people: z.array(personColumns).min(1, 'should list at least one person slot').max(50),
    })
    .strict();
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type AgencyMapping = ReturnType<typeof mappingFor<Agency>>;

/** One schema per agency in the code list, so a new agency kind has a mapping format at once. */
export const extractMappingSchema = z.discriminatedUnion('agency', agencies.map((agency) => mappingFor(agency)) as [AgencyMapping, ...AgencyMapping[]], {
  error: `should have "agency": one of ${agencies.join(', ')}`,
});
export type ExtractMapping = Readonly<z.infer<typeof extractMappingSchema>>;
export type PersonColumns = ExtractMapping['people'][number];
export type TimeColumns = ExtractMapping['occurredAt'];

const hints = {
  unreadable: 'check the path given to --mapping',
  notJson: 'the mapping file must be JSON; see services/ingest/extracts/examples/police-mapping.json',
  invalid: 'fix each entry named above; the README section "Agencies: the extract mapping file" shows every field',
};

export const parseExtractMapping = (json: unknown, source = 'the given JSON'): ExtractMapping =>
  parseJsonDocument(extractMappingSchema, json, 'the extract mapping', source, hints);

export const loadExtractMapping = (file: string): ExtractMapping => loadJsonDocument(extractMappingSchema, file, 'the extract mapping', hints);

/** Every column the mapping reads, so a header missing one is refused before any row. */
export function mappedColumns(mapping: ExtractMapping): string[] {
  const columns = [
    mapping.eventId.column,
    ...mapping.occurredAt.columns,
    ...mapping.reportedAt.columns,
    mapping.category.column,
    ...(mapping.summary ? [mapping.summary.column] : []),
    ...Object.values(mapping.address).filter((name): name is string => typeof name === 'string'),
  ];
  for (const person of mapping.people) {
    columns.push(person.givenName, person.familyName);
    if ('column' in person.role) columns.push(person.role.column);
    for (const name of [person.dateOfBirth?.column, person.nhsNumber, person.nhsNumberVerificationStatus, person.pncId]) if (name) columns.push(name);
  }
  return [...new Set(columns)];
}
