import { z } from 'zod';

/**
 * The parts of FHIR R4 (UK Core) resources we read, and nothing more: other elements are allowed
 * and ignored, as FHIR expects of a consumer. Shapes from the R4 specification
 * (https://hl7.org/fhir/R4/) and UK Core (https://simplifier.net/hl7fhirukcorer4):
 *
 *   Bundle     { resourceType: "Bundle", timestamp?, entry?: [{ fullUrl?, resource? }] }
 *   Patient    { resourceType: "Patient", id?,
 *                identifier?: [{ system: "https://fhir.nhs.uk/Id/nhs-number", value: "9434765919",
 *                  extension?: [{ url: ".../Extension-UKCore-NHSNumberVerificationStatus",
 *                    valueCodeableConcept: { coding: [{ system: ".../UKCore-NHSNumberVerificationStatusEngland", code: "01" }] } }] }],
 *                name?: [{ use?, family?, given?: [..] }], birthDate?: "2017-09-01",
 *                address?: [{ use?, line?: [..], city?, postalCode?, period?: { end? } }] }
 *   Encounter  { resourceType: "Encounter", id?, identifier?: [{ system?, value? }], status,
 *                class: Coding, type?: [{ coding?: [Coding] }], subject?: { reference? },
 *                period?: { start?, end? }, meta?: { lastUpdated? } }
 *   Coding     { system?, code?, display? }
 */
export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';
export const verificationStatusExtension = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
/** UK Core's code system for it; the earlier UK Core releases used the name without "England", with the same codes. */
export const verificationStatusSystems = [
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus',
] as const;

export const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() });
export type Coding = z.infer<typeof coding>;
const codeableConcept = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });

const extension = z.object({ url: z.string(), valueCodeableConcept: codeableConcept.optional() });

export const patientShape = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional(), extension: z.array(extension).optional() })).optional(),
  name: z.array(z.object({ use: z.string().optional(), family: z.string().optional(), given: z.array(z.string()).optional() })).optional(),
  birthDate: z.string().optional(),
  address: z
    .array(
      z.object({
        use: z.string().optional(),
        line: z.array(z.string()).optional(),
        city: z.string().optional(),
        postalCode: z.string().optional(),
        period: z.object({ end: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type FhirPatient = z.infer<typeof patientShape>;

export const encounterShape = z.object({
  resourceType: z.literal('Encounter'),
  id: z.string().optional(),
  meta: z.object({ lastUpdated: z.string().optional() }).optional(),
  identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() })).optional(),
  status: z.string(),
  class: coding,
  type: z.array(codeableConcept).optional(),
  subject: z.object({ reference: z.string().optional() }).optional(),
  period: z.object({ start: z.string().optional(), end: z.string().optional() }).optional(),
});
export type FhirEncounter = z.infer<typeof encounterShape>;

export const bundleShape = z.object({
  resourceType: z.literal('Bundle', { error: 'resourceType should be "Bundle": send a FHIR R4 Bundle of Patient and Encounter resources' }),
  timestamp: z.string().optional(),
  entry: z.array(z.object({ fullUrl: z.string().optional(), resource: z.object({ resourceType: z.string() }).loose().optional() })).optional(),
});

/** zod issues as FHIRPath-like locations ("Bundle.entry[2].resource.class.code") with messages. */
export function issuesAt(prefix: string, issues: readonly z.core.$ZodIssue[]): Array<{ path: string; message: string }> {
  return issues.map((issue) => ({
    path: issue.path.reduce<string>((at, key) => (typeof key === 'number' ? `${at}[${key}]` : `${at}.${String(key)}`), prefix),
    message: issue.message,
  }));
}
