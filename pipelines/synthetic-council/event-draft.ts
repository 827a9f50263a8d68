import type {
  Address,
  Agency,
  EducationCategory,
  EducationConcern,
  HealthCategory,
  HealthContact,
  HousingCategory,
  HousingIncident,
  InvolvedPerson,
  PoliceCategory,
  PoliceIncident,
} from '../../services/contracts';
import type { CohortRow } from '../../services/cohort/csv-format';
import { cohortAddress } from '../../services/cohort/cohort-events-from-rows';
import { londonInstant } from './digest-window';

export type CategoryOf = { police: PoliceCategory; housing: HousingCategory; health: HealthCategory; education: EducationCategory };

/** An agency event before it has an id, with the families it should link to. */
export type EventDraft = {
  [A in Agency]: {
    agency: A;
    category: CategoryOf[A];
    occurredAt: number;
    reportedAt: number;
    people: InvolvedPerson[];
    address: Address;
    summary?: string;
    familyIds: readonly string[];
  };
}[Agency];

export type GeneratedEvent =
  | { agency: 'police'; event: PoliceIncident }
  | { agency: 'housing'; event: HousingIncident }
  | { agency: 'health'; event: HealthContact }
  | { agency: 'education'; event: EducationConcern };

// Fictional publishers; `system` marks every event as synthetic wherever it ends up.
const sources = {
  police: { organisation: 'Avon and Wessex Police', system: 'synthetic-council' },
  housing: { organisation: 'Riverside Homes', system: 'synthetic-council' },
  health: { organisation: 'Wessex Partnership NHS Trust', system: 'synthetic-council' },
  education: { organisation: 'Larkspur Primary School', system: 'synthetic-council' },
} as const;

export function eventFromDraft(draft: EventDraft, eventId: string): GeneratedEvent {
  const common = {
    eventId,
    source: { ...sources[draft.agency] },
    occurredAt: londonInstant(draft.occurredAt),
    reportedAt: londonInstant(draft.reportedAt),
    ...(draft.summary !== undefined && { summary: draft.summary }),
    people: draft.people,
    address: draft.address,
  };
  switch (draft.agency) {
    case 'police':
      return { agency: 'police', event: { type: 'police.incident', ...common, category: draft.category } };
    case 'housing':
      return { agency: 'housing', event: { type: 'housing.incident', ...common, category: draft.category } };
    case 'health':
      return { agency: 'health', event: { type: 'health.contact', ...common, category: draft.category } };
    case 'education':
      return { agency: 'education', event: { type: 'education.concern', ...common, category: draft.category } };
  }
}

/** What an agency records about a cohort member: always the name, the rest as it chooses. */
export function personFromRow(
  row: CohortRow,
  role: InvolvedPerson['role'],
  include: { dateOfBirth: boolean; nhsNumber: boolean; pncId: boolean },
): InvolvedPerson {
  const nhsNumber = include.nhsNumber ? row.nhsNumber : undefined;
  const pncId = include.pncId ? row.pncId : undefined;
  return {
    role,
    givenName: row.givenName,
    familyName: row.familyName,
    ...(include.dateOfBirth && row.dateOfBirth !== undefined && { dateOfBirth: row.dateOfBirth }),
    ...((nhsNumber !== undefined || pncId !== undefined) && {
      identifiers: { ...(nhsNumber !== undefined && { nhsNumber }), ...(pncId !== undefined && { pncId }) },
    }),
  };
}

/** The household address as an agency holds it; police and health often lack the UPRN. */
export function homeAddress(row: CohortRow, withUprn: boolean): Address {
  const { uprn, ...withoutUprn } = cohortAddress(row);
  return withUprn && uprn !== undefined ? { ...withoutUprn, uprn } : withoutUprn;
}
