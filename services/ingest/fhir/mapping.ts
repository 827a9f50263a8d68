import { z } from 'zod';
import { healthCategoryCodes } from '../../contracts';
import { loadJsonDocument, parseJsonDocument } from '../../platform/json-file';

/**
 * How one NHS organisation's Encounters become health contacts: who publishes, where the
 * Encounter's own id is, and a code table from its Encounter type and class codes to our health
 * categories. Example: examples/fhir-mapping.json; README "Agencies: FHIR R4 profile we accept".
 *
 * The category comes from the Encounter's type when it has one (the type says what the contact
 * was; the class only where: emergency, ambulatory, inpatient…), else from its class. A type or
 * class code with no row in the table refuses the Encounter, naming the code and its system: a
 * code nobody mapped is never guessed.
 */
export const fhirMappingVersion = 1;

const codeRow = z
  .object({
    system: z.string().url('should be the code system\'s URL, e.g. "http://snomed.info/sct"'),
    code: z.string().min(1, 'should be the code as the system sends it'),
    category: z.enum(healthCategoryCodes, { error: (issue) => `${JSON.stringify(issue.input)} is not a health category code; use one of ${healthCategoryCodes.join(', ')}` }),
  })
  .strict();

export const fhirMappingSchema = z
  .object({
    version: z.literal(fhirMappingVersion, { error: `should be ${fhirMappingVersion}, the mapping format this version of live-risk reads` }),
    revision: z.string().min(1, 'should name this revision of the mapping, e.g. "2026-11-30"'),
    organisation: z.string().min(1, 'should be the publishing organisation, e.g. "Leeds Teaching Hospitals NHS Trust"'),
    system: z.string().min(1).optional(),
    /** The Encounter identifier whose value becomes the eventId; absent: the Encounter's resource id. */
    encounterIdentifierSystem: z.string().url('should be the identifier system URL of your Encounter ids').optional(),
    categories: z
      .object({
        type: z.array(codeRow).default([]),
        class: z.array(codeRow).default([]),
      })
      .strict()
      .refine((table) => table.type.length + table.class.length > 0, 'should map at least one Encounter type or class code'),
  })
  .strict();
export type FhirMapping = Readonly<z.infer<typeof fhirMappingSchema>>;

const hints = {
  unreadable: 'check the path of the FHIR mapping file',
  notJson: 'the FHIR mapping file must be JSON; see services/ingest/fhir/examples/fhir-mapping.json',
  invalid: 'fix each entry named above; the README section "Agencies: FHIR R4 profile we accept" shows every field',
};

export const parseFhirMapping = (json: unknown, source = 'the mapping'): FhirMapping => parseJsonDocument(fhirMappingSchema, json, 'the FHIR mapping', source, hints);
export const loadFhirMapping = (file: string): FhirMapping => loadJsonDocument(fhirMappingSchema, file, 'the FHIR mapping', hints);
