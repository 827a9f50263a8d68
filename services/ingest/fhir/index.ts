/**
 * FHIR R4 (UK Core) Bundles from NHS systems to health contacts: Encounters with their Patient,
 * the NHS number and its verification status, categories through the organisation's code table.
 * Pure translation: publishing is the caller's (services/ingest's acceptEvents).
 */
export { fhirMappingSchema, fhirMappingVersion, loadFhirMapping, parseFhirMapping, type FhirMapping } from './mapping';
export { translateBundle, type EncounterOutcome } from './translate-bundle';
export { nhsNumberSystem, verificationStatusExtension, verificationStatusSystems } from './fhir-shape';
export type { Problem } from './patient';
