import type { CohortRow } from '../../../services/cohort/csv-format';
import type { AgencyEvent } from '../../../services/contracts';
import { buildCohortIndex, defaultModel, type PersonRecord } from '../../../services/linkage';
import { decideLinks, scorePerson, type CohortMember, type FamilyLink, type HouseholdCandidate, type ReviewCandidate } from '../../../services/matcher/link-decisions';
import { addressKey } from '../../../services/matcher/normalise';
import { generateAgencyEvents, type SyntheticCouncil } from '../../synthetic-council';

/**
 * What the matcher would have decided about a few weeks of a synthetic council's agency events:
 * the same linkage engine, default model and link rules (`decideLinks`), run in memory against the
 * council's cohort. The replay workload repeats these days with new dates and ids, so every match
 * and review on the topics is shaped as the matcher shapes them, from decisions it would make.
 */
export type PoolEvent = Readonly<{ event: AgencyEvent; links: readonly FamilyLink[]; reviews: readonly ReviewCandidate[] }>;
export type PoolDay = Readonly<{ date: string; events: readonly PoolEvent[] }>;

export type Pool = Readonly<{
  days: readonly PoolDay[];
  /** familyId → the council's reference and lead practitioner, for digests. */
  families: ReadonlyMap<string, Readonly<{ reference: string; practitionerId: string }>>;
  practitioners: ReadonlyMap<string, string>;
  /** familyId → the family's consent as the cohort import records it (family-wide). */
  consent: ReadonlyMap<string, CohortRow['consent']>;
  consentJustification: ReadonlyMap<string, string>;
}>;

const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function personRecordOf(row: CohortRow): PersonRecord {
  return {
    id: row.memberId,
    givenName: row.givenName,
    familyName: row.familyName,
    dateOfBirth: row.dateOfBirth ?? null,
    address: [row.addressLine1, row.addressLine2].filter(Boolean).join(', '),
    postcode: row.postcode,
    uprn: row.uprn ?? null,
    nhsNumber: row.nhsNumber ?? null,
    pncId: row.pncId ?? null,
  };
}

export function buildPool(council: SyntheticCouncil, options: Readonly<{ firstDay: string; days: number; seed: number }>): Pool {
  const index = buildCohortIndex(council.rows.map(personRecordOf), defaultModel);
  const members = new Map<string, CohortMember>(council.rows.map((row) => [row.memberId, { memberId: row.memberId, familyId: row.familyId, givenName: row.givenName }]));
  // Households by UPRN and by street address: the matcher's own candidates come from the projected addresses.
  const byUprn = new Map<string, HouseholdCandidate>();
  const byAddress = new Map<string, HouseholdCandidate>();
  const families = new Map<string, { reference: string; practitionerId: string }>();
  const consent = new Map<string, CohortRow['consent']>();
  const consentJustification = new Map<string, string>();
  for (const row of council.rows) {
    if (families.has(row.familyId)) continue;
    const household = { familyId: row.familyId, uprn: row.uprn ?? null, addressKey: addressKey(row.addressLine1, row.postcode) };
    if (household.uprn) byUprn.set(household.uprn, household);
    byAddress.set(household.addressKey, household);
    families.set(row.familyId, { reference: row.familyReference, practitionerId: row.leadPractitionerId });
    consent.set(row.familyId, row.consent);
    if (row.consentJustification) consentJustification.set(row.familyId, row.consentJustification);
  }
  const practitioners = new Map(council.rows.map((row) => [row.leadPractitionerId, row.leadPractitionerName]));

  const days: PoolDay[] = [];
  for (let day = 0; day < options.days; day++) {
    const date = dayAfter(options.firstDay, day);
    const events = generateAgencyEvents(council, { date, seed: options.seed }).events.map(({ event }) => {
      const scored = event.people.map((person, position) => ({ person, pairs: scorePerson(index, event, person, position) }));
      const households = [byUprn.get(event.address.uprn ?? ''), byAddress.get(addressKey(event.address.line1, event.address.postcode))].filter(
        (candidate): candidate is HouseholdCandidate => candidate !== undefined,
      );
      return { event, ...decideLinks(event, scored, (id) => members.get(id), [...new Set(households)]) };
    });
    days.push({ date, events });
  }
  return { days, families, practitioners, consent, consentJustification };
}
