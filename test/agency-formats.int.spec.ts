import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catchUp } from '../pipelines/consumers';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { CohortRow } from '../services/cohort/csv-format';
import type { HealthContact, MatchLinked, PoliceIncident } from '../services/contracts';
import { loadExtractMapping, translateExtract } from '../services/ingest/extracts';
import { loadFhirMapping, translateBundle } from '../services/ingest/fhir';
import { publishEvents } from '../services/platform/publish';
import type { Runtime } from '../services/platform/runtime';
import { disposeRuntime, openIsolatedRuntime } from './support/test-stack';

/**
 * The example extract and Bundle agencies are given, translated and published through the real
 * registry and broker to the matcher: what the translators make is what the contracts, the
 * registered schemas and the matcher accept, and the NHS number's verification status reaches the
 * match's evidence. Synthetic people only.
 */
const examples = join(__dirname, '../services/ingest');
const member = (memberId: string, givenName: string, familyName: string, dateOfBirth: string, nhsNumber: string | undefined): CohortRow => ({
  familyId: 'F-TESTWELL', familyReference: 'SF-TW', leadPractitionerId: 'P-TW', leadPractitionerName: 'Pat Tester', leadPractitionerEmail: 'pat.tester@council.example',
  memberId, givenName, familyName, dateOfBirth, nhsNumber, pncId: undefined,
  addressLine1: '14 Example Terrace', addressLine2: undefined, town: 'Leeds', postcode: 'LS6 1AA', uprn: '72000001234', consent: 'consent',
});
const cohort: CohortRow[] = [
  member('F-TESTWELL-M1', 'Jo', 'Testwell', '1990-05-04', undefined),
  member('F-TESTWELL-M2', 'Mia', 'Testwell', '2017-09-01', '9434765919'),
  { ...member('F-FICTIONAL-M1', 'Alex', 'Fictional', '1979-06-30', '4857773457'), familyId: 'F-FICTIONAL', familyReference: 'SF-FI', addressLine1: '9 Nowhere Street', postcode: 'LS2 9ZZ', uprn: undefined },
];

async function extractEvents(): Promise<PoliceIncident[]> {
  const events: PoliceIncident[] = [];
  const mapping = loadExtractMapping(join(examples, 'extracts/examples/police-mapping.json'));
  for await (const outcome of translateExtract(createReadStream(join(examples, 'extracts/examples/police-extract.csv')), mapping)) {
    if (!outcome.ok) throw new Error(`line ${outcome.line}: ${JSON.stringify(outcome.problems)}`);
    if (outcome.event.type !== 'police.incident') throw new Error(`line ${outcome.line}: not a police incident`);
    events.push(outcome.event);
  }
  return events;
}

function bundleEvents(): HealthContact[] {
  const mapping = loadFhirMapping(join(examples, 'fhir/examples/fhir-mapping.json'));
  return translateBundle(JSON.parse(readFileSync(join(examples, 'fhir/examples/bundle.json'), 'utf8')), mapping).map((outcome) => {
    if (!outcome.ok) throw new Error(`entry ${outcome.entry}: ${JSON.stringify(outcome.problems)}`);
    return outcome.event;
  });
}

describe('agency extracts and FHIR Bundles through the pipeline', () => {
  let runtime: Runtime;
  let matches: MatchLinked[];

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(cohort, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    await catchUp(runtime, ['cohort']);
    await publishEvents(runtime, 'police', await extractEvents(), (e) => e.eventId);
    await publishEvents(runtime, 'health', bundleEvents(), (e) => e.eventId);
    await catchUp(runtime);
    matches = (await runtime.db('matches').select('payload')).map((row: { payload: MatchLinked }) => row.payload);
  });
  afterAll(async () => disposeRuntime(runtime));

  it('accepts every translated event: none is dead-lettered', async () => {
    expect(await runtime.db('dead_letters').count({ n: '*' }).first()).toEqual({ n: '0' });
  });

  it('links the police incident from the extract to the family, naming the victim and the witness by their roles', () => {
    const atHome = matches.filter((m) => m.event.agencyEventId === 'WYP-2026-0329-0001');
    expect(atHome.map((m) => [m.familyId, m.event.occurredAt, m.members.map((x) => [x.memberId, x.role])])).toEqual([
      ['F-TESTWELL', '2026-03-28T23:40:00Z', [['F-TESTWELL-M1', 'victim'], ['F-TESTWELL-M2', 'witness']]],
    ]);
  });

  it("records a verified NHS number as such in the match's evidence, and an unverified one as unverified", () => {
    const evidence = (eventId: string) =>
      matches.filter((m) => m.event.agencyEventId === eventId).flatMap((m) => m.members.map((x) => [m.familyId, x.memberId, x.contributions?.find((c) => c.comparison === 'NHS number')?.level]));
    expect(evidence('LTH-ED-55012')).toEqual([['F-TESTWELL', 'F-TESTWELL-M2', 'same, verified']]);
    expect(evidence('LTH-ED-55013')).toEqual([['F-FICTIONAL', 'F-FICTIONAL-M1', 'same, unverified']]);
  });
});
