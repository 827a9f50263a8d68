import { healthContact, instantProblem, type HealthContact } from '../../contracts';
import { bundleShape, encounterShape, issuesAt, patientShape, type Coding, type FhirEncounter } from './fhir-shape';
import type { FhirMapping } from './mapping';
import { patientAddress, patientPerson, type Problem } from './patient';

/** One Encounter's fate; `entry` is its index in Bundle.entry (null for a problem with the whole Bundle). */
export type EncounterOutcome =
  | Readonly<{ entry: number; encounter: string; ok: true; event: HealthContact }>
  | Readonly<{ entry: number | null; encounter?: string; ok: false; problems: readonly Problem[] }>;

type Entry = { fullUrl?: string; resource?: { resourceType: string } & Record<string, unknown> };

/**
 * A FHIR R4 Bundle (UK Core) to one health contact per Encounter, or every reason an Encounter
 * cannot be one. Pure. Each Encounter's subject must reference a Patient in the same Bundle (by
 * fullUrl, "Patient/id", or an absolute URL ending so); the person, NHS number and address come
 * from that Patient. Other resources in the Bundle are ignored.
 */
export function translateBundle(bundle: unknown, mapping: FhirMapping): EncounterOutcome[] {
  const parsed = bundleShape.safeParse(bundle);
  if (!parsed.success) return [{ entry: null, ok: false, problems: issuesAt('Bundle', parsed.error.issues) }];
  const entries = (parsed.data.entry ?? []) as Entry[];
  const outcomes: EncounterOutcome[] = [];
  entries.forEach((entry, index) => {
    if (entry.resource?.resourceType === 'Encounter') outcomes.push(translateEncounter(entries, index, parsed.data.timestamp, mapping));
  });
  if (outcomes.length === 0) return [{ entry: null, ok: false, problems: [{ path: 'Bundle.entry', message: 'the Bundle holds no Encounter; send one Encounter per contact with its Patient' }] }];
  return outcomes;
}

function translateEncounter(entries: readonly Entry[], index: number, timestamp: string | undefined, mapping: FhirMapping): EncounterOutcome {
  const at = `Bundle.entry[${index}].resource`;
  const read = encounterShape.safeParse(entries[index].resource);
  const name = entries[index].fullUrl ?? `Encounter/${String(entries[index].resource?.id ?? '?')}`;
  if (!read.success) return { entry: index, encounter: name, ok: false, problems: issuesAt(at, read.error.issues) };
  const encounter = read.data;
  const problems: Problem[] = [];

  const eventId = eventIdOf(encounter, mapping, at, problems);
  if (encounter.status === 'entered-in-error' || encounter.status === 'planned' || encounter.status === 'cancelled') {
    problems.push({ path: `${at}.status`, message: `an Encounter with status "${encounter.status}" is not a contact that happened; leave it out of the Bundle` });
  }
  const category = categoryOf(encounter, mapping, at, problems);
  const occurredAt = instantAt(encounter.period?.start, `${at}.period.start`, 'when the contact began', problems);
  const reportedAt = instantAt(encounter.meta?.lastUpdated ?? timestamp, encounter.meta?.lastUpdated ? `${at}.meta.lastUpdated` : 'Bundle.timestamp', 'when it was recorded (meta.lastUpdated or the Bundle timestamp)', problems);

  const patient = patientOf(entries, encounter.subject?.reference, `${at}.subject`, problems);
  const person = patient && patientPerson(patient.resource, patient.at, problems);
  const address = patient && patientAddress(patient.resource, patient.at, problems);
  if (problems.length > 0 || !person || !address) return { entry: index, encounter: name, ok: false, problems };

  const checked = healthContact.safeParse({
    type: 'health.contact',
    eventId,
    source: { organisation: mapping.organisation, ...(mapping.system ? { system: mapping.system } : {}) },
    occurredAt,
    reportedAt,
    category,
    people: [person],
    address,
  });
  if (!checked.success) return { entry: index, encounter: name, ok: false, problems: issuesAt('health.contact', checked.error.issues) };
  return { entry: index, encounter: name, ok: true, event: checked.data };
}

function eventIdOf(encounter: FhirEncounter, mapping: FhirMapping, at: string, problems: Problem[]): string {
  if (mapping.encounterIdentifierSystem) {
    const value = encounter.identifier?.find((identifier) => identifier.system === mapping.encounterIdentifierSystem)?.value;
    if (!value) problems.push({ path: `${at}.identifier`, message: `the Encounter needs an identifier with system ${mapping.encounterIdentifierSystem} (its id in your system)` });
    return value ?? '';
  }
  if (!encounter.id) problems.push({ path: `${at}.id`, message: 'the Encounter needs an id (or set encounterIdentifierSystem in the mapping)' });
  return encounter.id ?? '';
}

const rowFor = (rows: FhirMapping['categories']['type'], coding: Coding) => rows.find((row) => row.system === coding.system && row.code === coding.code);
const named = (coding: Coding) => `code "${coding.code ?? ''}" (system ${coding.system ?? 'none'})`;

/** The type decides when the Encounter has one, else the class; an unmapped code is refused by name. */
function categoryOf(encounter: FhirEncounter, mapping: FhirMapping, at: string, problems: Problem[]): string {
  const typeCodings = (encounter.type ?? []).flatMap((concept) => concept.coding ?? []);
  if (typeCodings.length > 0) {
    const mapped = typeCodings.map((coding) => rowFor(mapping.categories.type, coding)).find((row) => row !== undefined);
    if (mapped) return mapped.category;
    problems.push({ path: `${at}.type`, message: `Encounter type ${typeCodings.map(named).join(', ')} has no mapping; add it to categories.type in the mapping` });
    return '';
  }
  const mapped = rowFor(mapping.categories.class, encounter.class);
  if (mapped) return mapped.category;
  problems.push({ path: `${at}.class`, message: `Encounter class ${named(encounter.class)} has no mapping; add it to categories.class in the mapping, or send an Encounter type` });
  return '';
}

function instantAt(value: string | undefined, path: string, what: string, problems: Problem[]): string {
  if (!value) {
    problems.push({ path, message: `${what} is missing` });
    return '';
  }
  const problem = instantProblem(value);
  if (problem) problems.push({ path, message: `"${value}" ${problem}` });
  return value;
}

function patientOf(entries: readonly Entry[], reference: string | undefined, at: string, problems: Problem[]) {
  if (!reference) {
    problems.push({ path: `${at}.reference`, message: 'the Encounter has no subject reference; reference its Patient in this Bundle' });
    return undefined;
  }
  const index = entries.findIndex((entry) => {
    const resource = entry.resource;
    if (resource?.resourceType !== 'Patient') return false;
    const local = typeof resource.id === 'string' ? `Patient/${resource.id}` : undefined;
    return entry.fullUrl === reference || local === reference || (local !== undefined && reference.endsWith(`/${local}`));
  });
  if (index < 0) {
    problems.push({ path: `${at}.reference`, message: `the subject "${reference}" is not a Patient in this Bundle; include the Patient (fullUrl or Patient/id) in the same Bundle` });
    return undefined;
  }
  const patientAt = `Bundle.entry[${index}].resource`;
  const read = patientShape.safeParse(entries[index].resource);
  if (!read.success) {
    problems.push(...issuesAt(patientAt, read.error.issues));
    return undefined;
  }
  return { resource: read.data, at: patientAt };
}
