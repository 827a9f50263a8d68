import type { CohortRow } from '../../services/cohort/csv-format';
import type { PoliceIncident } from '../../services/contracts';

/** A hand-written family, small enough to read in a test. All data is synthetic. */
export const oneFamilyRows: CohortRow[] = [
  {
    familyId: 'F-TEST-1', familyReference: 'SF-T1', leadPractitionerId: 'P-T1', leadPractitionerName: 'Pat Tester',
    leadPractitionerEmail: 'pat.tester@council.example', memberId: 'F-TEST-1-M1', givenName: 'Rhiannon', familyName: 'Quillfeather',
    dateOfBirth: '1991-02-03', nhsNumber: '9434765919', pncId: undefined, addressLine1: '7 Lark Rise', addressLine2: undefined,
    town: 'Wessexbury', postcode: 'BA2 4XY', uprn: '100000000777', consent: 'consent',
  },
];

export function policeEventFor(row: CohortRow, eventId: string, reportedAt = '2026-03-28T22:00:00+00:00'): PoliceIncident {
  return {
    type: 'police.incident',
    eventId,
    source: { organisation: 'Avon and Wessex Police' },
    occurredAt: '2026-03-28T21:00:00+00:00',
    reportedAt,
    category: 'DOMESTIC_ABUSE',
    people: [{ role: 'victim', givenName: row.givenName, familyName: row.familyName, ...(row.dateOfBirth ? { dateOfBirth: row.dateOfBirth } : {}) }],
    address: { line1: '99 Far Away Road', postcode: 'BA1 9ZZ' },
  };
}
