import { z } from 'zod';
import {
  educationCategoryCodes,
  healthCategoryCodes,
  housingCategoryCodes,
  policeCategoryCodes,
  type Agency,
} from './code-lists';
import { calendarDate, instant } from './dates';
import { address, identifier, personIdentifiers } from './primitives';
import { narrative, text } from './text';

/** How a person figures in an agency's record. */
export const personRoles = [
  'subject',
  'victim',
  'suspect',
  'witness',
  'complainant',
  'tenant',
  'patient',
  'other',
] as const;

export const involvedPerson = z
  .object({
    role: z.enum(personRoles),
    givenName: text({ min: 1, max: 100 }),
    familyName: text({ min: 1, max: 100 }),
    dateOfBirth: calendarDate.optional().describe('omitted when the agency does not know it'),
    identifiers: personIdentifiers.optional(),
  })
  .strict();
export type InvolvedPerson = z.infer<typeof involvedPerson>;

/**
 * Every agency event has the same envelope; only the type tag and the category code list differ.
 * Built by one function so the agencies' topics can never drift apart.
 */
function agencyEventSchema<T extends string, C extends [string, ...string[]]>(type: T, categories: C) {
  return z
    .object({
      type: z.literal(type),
      eventId: identifier.describe("the agency's own id for this event; unique per agency"),
      source: z
        .object({
          organisation: text({ min: 1, max: 200 }).describe('the publishing organisation'),
          system: text({ max: 100 }).optional().describe('the system of record, if useful'),
        })
        .strict(),
      occurredAt: instant.describe('when it happened'),
      reportedAt: instant.describe('when the agency recorded or published it (often hours or days later)'),
      category: z.enum(categories),
      summary: narrative({ max: 1000 })
        .optional()
        .describe('short narrative; shown only where the sharing agreement allows'),
      people: z.array(involvedPerson).max(50),
      address: address,
    })
    .strict();
}

export const policeIncident = agencyEventSchema('police.incident', policeCategoryCodes);
export const housingIncident = agencyEventSchema('housing.incident', housingCategoryCodes);
export const healthContact = agencyEventSchema('health.contact', healthCategoryCodes);
export const educationConcern = agencyEventSchema('education.concern', educationCategoryCodes);

export type PoliceIncident = Readonly<z.infer<typeof policeIncident>>;
export type HousingIncident = Readonly<z.infer<typeof housingIncident>>;
export type HealthContact = Readonly<z.infer<typeof healthContact>>;
export type EducationConcern = Readonly<z.infer<typeof educationConcern>>;
export type AgencyEvent = PoliceIncident | HousingIncident | HealthContact | EducationConcern;

export const agencyEventSchemas = {
  police: policeIncident,
  housing: housingIncident,
  health: healthContact,
  education: educationConcern,
} as const satisfies Record<Agency, z.ZodType>;

export function agencyOf(event: AgencyEvent): Agency {
  switch (event.type) {
    case 'police.incident':
      return 'police';
    case 'housing.incident':
      return 'housing';
    case 'health.contact':
      return 'health';
    case 'education.concern':
      return 'education';
  }
}
