import type { CohortRow } from '../../services/cohort/csv-format';
import { addressKey } from './addresses';

export type CohortFamily = Readonly<{ familyId: string; members: readonly CohortRow[] }>;

/** What the event generator needs to know about a cohort, built once per rows array. */
export type CohortIndex = Readonly<{
  families: readonly CohortFamily[];
  membersOf: (familyId: string) => readonly CohortRow[] | undefined;
  homes: ReadonlySet<string>;
  /** given|family|dateOfBirth, lower case, so outsiders never share a cohort member's details. */
  people: ReadonlySet<string>;
  nhsNumbers: ReadonlySet<string>;
  pncIds: ReadonlySet<string>;
}>;

export const personKey = (person: { givenName: string; familyName: string; dateOfBirth?: string }): string =>
  `${person.givenName}|${person.familyName}|${person.dateOfBirth ?? ''}`.toLowerCase();

// Generating many days from one council reuses the index instead of rebuilding it each day.
const indexes = new WeakMap<readonly CohortRow[], CohortIndex>();

export function indexCohort(rows: readonly CohortRow[]): CohortIndex {
  const cached = indexes.get(rows);
  if (cached) return cached;
  const byFamily = new Map<string, CohortRow[]>();
  const homes = new Set<string>();
  const people = new Set<string>();
  const nhsNumbers = new Set<string>();
  const pncIds = new Set<string>();
  for (const row of rows) {
    const members = byFamily.get(row.familyId);
    if (members) members.push(row);
    else {
      byFamily.set(row.familyId, [row]);
      homes.add(addressKey({ line1: row.addressLine1, postcode: row.postcode }));
    }
    people.add(personKey(row));
    if (row.nhsNumber) nhsNumbers.add(row.nhsNumber);
    if (row.pncId) pncIds.add(row.pncId);
  }
  const index: CohortIndex = {
    families: [...byFamily].map(([familyId, members]) => ({ familyId, members })),
    membersOf: (familyId) => byFamily.get(familyId),
    homes,
    people,
    nhsNumbers,
    pncIds,
  };
  indexes.set(rows, index);
  return index;
}
