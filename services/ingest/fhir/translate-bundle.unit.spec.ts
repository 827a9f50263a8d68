import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFhirMapping, parseFhirMapping } from './mapping';
import { translateBundle, type EncounterOutcome } from './translate-bundle';

const examples = join(__dirname, 'examples');
const mapping = loadFhirMapping(join(examples, 'fhir-mapping.json'));
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests build and break FHIR resources as loose JSON
const example = (): Json => JSON.parse(readFileSync(join(examples, 'bundle.json'), 'utf8')) as Json;

const ok = (outcome: EncounterOutcome) => {
  if (!outcome.ok) throw new Error(`expected an event, got ${JSON.stringify(outcome.problems)}`);
  return outcome.event;
};
const problems = (outcome: EncounterOutcome) => {
  if (outcome.ok) throw new Error('expected a rejection');
  return outcome.problems;
};

describe('translating a FHIR R4 Bundle to health contacts', () => {
  it('gives one health contact per Encounter, with the Patient as the person and their home address', () => {
    const outcomes = translateBundle(example(), mapping);
    expect(outcomes.map((o) => [o.entry, o.ok])).toEqual([[3, true], [4, true], [5, true]]);
    expect(ok(outcomes[0])).toEqual({
      type: 'health.contact',
      eventId: 'LTH-ED-55012',
      source: { organisation: 'Leeds Teaching Hospitals NHS Trust (synthetic)', system: 'emergency department, FHIR R4 UK Core' },
      occurredAt: '2026-10-25T01:20:00+01:00',
      reportedAt: '2026-10-25T06:00:00+00:00',
      category: 'SELF_HARM',
      people: [{ role: 'patient', givenName: 'Mia', familyName: 'Testwell', dateOfBirth: '2017-09-01', identifiers: { nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' } }],
      address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 1AA' },
    });
  });

  it('carries a verified, an unverified and a missing NHS number as they were sent', () => {
    const identifiers = translateBundle(example(), mapping).map((o) => ok(o).people[0].identifiers);
    expect(identifiers).toEqual([{ nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' }, { nhsNumber: '4857773457', nhsNumberVerificationStatus: '02' }, undefined]);
  });

  it('keeps an NHS number sent without a verification status, with no status', () => {
    const bundle = example();
    delete bundle.entry[0].resource.identifier[0].extension;
    expect(ok(translateBundle(bundle, mapping)[0]).people[0].identifiers).toEqual({ nhsNumber: '9434765919' });
  });

  it('refuses a verification status code outside 01–08, naming what was sent', () => {
    const bundle = example();
    bundle.entry[0].resource.identifier[0].extension[0].valueCodeableConcept.coding[0].code = '09';
    expect(problems(translateBundle(bundle, mapping)[0])).toEqual([
      { path: 'Bundle.entry[0].resource.identifier[0].extension', message: expect.stringContaining('got 09 (system https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland)') },
    ]);
  });

  it('refuses an Encounter whose type code has no mapping, naming the code and its system, and keeps the others', () => {
    const bundle = example();
    bundle.entry[4].resource.type = [{ coding: [{ system: 'http://snomed.info/sct', code: '183452005', display: 'Emergency hospital admission' }] }];
    const outcomes = translateBundle(bundle, mapping);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(problems(outcomes[1])).toEqual([
      { path: 'Bundle.entry[4].resource.type', message: 'Encounter type code "183452005" (system http://snomed.info/sct) has no mapping; add it to categories.type in the mapping' },
    ]);
  });

  it('falls back to the class when there is no type, and refuses an unmapped class by name', () => {
    const bundle = example();
    bundle.entry[5].resource.class = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' };
    expect(problems(translateBundle(bundle, mapping)[2])).toEqual([
      { path: 'Bundle.entry[5].resource.class', message: expect.stringContaining('Encounter class code "AMB" (system http://terminology.hl7.org/CodeSystem/v3-ActCode) has no mapping') },
    ]);
  });

  it('refuses an Encounter with no subject, or one whose Patient is not in the Bundle', () => {
    const bundle = example();
    delete bundle.entry[3].resource.subject;
    bundle.entry[4].resource.subject.reference = 'Patient/not-here';
    const [first, second] = translateBundle(bundle, mapping);
    expect(problems(first)).toEqual([{ path: 'Bundle.entry[3].resource.subject.reference', message: expect.stringContaining('no subject reference') }]);
    expect(problems(second)).toEqual([{ path: 'Bundle.entry[4].resource.subject.reference', message: expect.stringContaining('"Patient/not-here" is not a Patient in this Bundle') }]);
  });

  it('finds the Patient by Patient/id and by an absolute URL as well as by fullUrl', () => {
    const bundle = example();
    bundle.entry[3].resource.subject.reference = 'Patient/mia-testwell';
    bundle.entry[4].resource.subject.reference = 'https://fhir.example-trust.nhs.uk/R4/Patient/alex-fictional';
    expect(translateBundle(bundle, mapping).map((o) => ok(o).people[0].givenName)).toEqual(['Mia', 'Alex', 'Tyler']);
  });

  it('names the problems of a malformed Encounter at their FHIR paths, and of a non-Bundle as a whole', () => {
    const bundle = example();
    delete bundle.entry[3].resource.class;
    expect(problems(translateBundle(bundle, mapping)[0])).toEqual([{ path: 'Bundle.entry[3].resource.class', message: expect.any(String) }]);
    delete bundle.entry[3].resource;
    bundle.entry[4].resource.period.start = '25/10/2026 01:20';
    expect(problems(translateBundle(bundle, mapping)[0])).toEqual([{ path: 'Bundle.entry[4].resource.period.start', message: expect.stringContaining('is not an ISO 8601 date-time') }]);
    expect(translateBundle({ resourceType: 'Patient' }, mapping)).toEqual([{ entry: null, ok: false, problems: [{ path: 'Bundle.resourceType', message: expect.stringContaining('should be "Bundle"') }] }]);
    expect(translateBundle({ resourceType: 'Bundle', entry: [] }, mapping)).toEqual([{ entry: null, ok: false, problems: [{ path: 'Bundle.entry', message: expect.stringContaining('no Encounter') }] }]);
  });

  it('refuses an Encounter entered in error, and a Patient without a current address', () => {
    const bundle = example();
    bundle.entry[3].resource.status = 'entered-in-error';
    bundle.entry[1].resource.address[0].period = { end: '2025-01-01' };
    const [first, second] = translateBundle(bundle, mapping);
    expect(problems(first).map((p) => p.path)).toEqual(['Bundle.entry[3].resource.status']);
    expect(problems(second)).toEqual([{ path: 'Bundle.entry[1].resource.address', message: expect.stringContaining('current address with a postalCode') }]);
  });

  it('refuses a mapping that maps to a category we do not have, naming the entry', () => {
    const json = JSON.parse(readFileSync(join(examples, 'fhir-mapping.json'), 'utf8')) as Json;
    json.categories.class[0].category = 'A_AND_E';
    expect(() => parseFhirMapping(json)).toThrow(/categories\.class\.0\.category: "A_AND_E" is not a health category code; use one of MENTAL_HEALTH_CRISIS/);
  });
});
