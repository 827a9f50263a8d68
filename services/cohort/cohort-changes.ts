import { createHash } from 'node:crypto';
import type { Address, CohortEvent, MemberDetails, MemberSchool, Practitioner } from '../contracts';
import { londonDateOf } from '../scheduler/schedule';
import { cohortAddress, memberDetailsOf, memberSchoolOf, practitionerOf } from './cohort-events-from-rows';
import type { CohortRow } from './csv-format';

/**
 * A council re-exports its whole cohort; what changed since the last import must become events,
 * or the matcher never hears of a corrected date of birth or a family's new home (and never
 * re-matches for it). Compares the rows with the cohort as projected and returns:
 * - `member.updated` for a member whose names, date of birth or identifiers differ;
 * - `family.moved` for a family whose address differs, moved on the day of the import (the export
 *   says where they live now, not since when);
 * - `practitioner.assigned` for a family whose lead practitioner, or that practitioner's name, email
 *   or team, differs: a team move decides which manager oversees the family.
 * - `member.school-recorded` for a member whose row names a school (or `HOME`) other than the one
 *   the roll holds now, from the day of the import. A row that names no school changes nothing: an
 *   export without the roll is not a roll saying nobody goes to school.
 * New members and families need nothing here: their added/enrolled events have ids of their own.
 * Ids derive from the new content, so importing the same file twice publishes each change once.
 */
export type CurrentCohort = Readonly<{
  members: ReadonlyMap<string, Readonly<{ familyId: string; details: MemberDetails }>>;
  addresses: ReadonlyMap<string, Address>;
  /** Each family's lead practitioner, by family id. */
  practitioners: ReadonlyMap<string, Practitioner>;
  /** Each member's school on the roll now (the latest member.school-recorded), by member id; absent when none. */
  schools?: ReadonlyMap<string, NonNullable<MemberSchool>>;
}>;

export function cohortChanges(rows: readonly CohortRow[], current: CurrentCohort, recordedAt: string): CohortEvent[] {
  const changes: CohortEvent[] = [];
  const movedOn = londonDateOf(new Date(recordedAt));
  const seenFamilies = new Set<string>();
  for (const row of rows) {
    if (!seenFamilies.has(row.familyId)) {
      seenFamilies.add(row.familyId);
      const address = cohortAddress(row);
      const was = current.addresses.get(row.familyId);
      if (was && canonical(was) !== canonical(address)) {
        changes.push({ type: 'family.moved', eventId: changeId(row.familyId, 'family.moved', canonical(address)), familyId: row.familyId, recordedAt, address, movedOn });
      }
      const practitioner = practitionerOf(row);
      const led = current.practitioners.get(row.familyId);
      if (led && canonical(led) !== canonical(practitioner)) {
        changes.push({ type: 'practitioner.assigned', eventId: changeId(row.familyId, 'practitioner.assigned', canonical(practitioner)), familyId: row.familyId, recordedAt, practitioner });
      }
    }
    const member = current.members.get(row.memberId);
    const school = memberSchoolOf(row);
    if (member && member.familyId === row.familyId && school && canonical(current.schools?.get(row.memberId)) !== canonical(school)) {
      changes.push({
        type: 'member.school-recorded',
        // The day is part of the id: a child who returns to a school they left is recorded again.
        eventId: changeId(row.familyId, 'member.school-recorded', `${row.memberId}|${canonical(school)}|${movedOn}`),
        familyId: row.familyId,
        recordedAt,
        memberId: row.memberId,
        school,
        from: movedOn,
      });
    }
    const details = memberDetailsOf(row);
    if (member && member.familyId === row.familyId && canonical(member.details) !== canonical(details)) {
      changes.push({
        type: 'member.updated',
        eventId: changeId(row.familyId, 'member.updated', `${row.memberId}|${canonical(details)}`),
        familyId: row.familyId,
        recordedAt,
        memberId: row.memberId,
        details,
      });
    }
  }
  return changes;
}

/** JSON with keys in a fixed order and absent values left out, so equal content compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function changeId(familyId: string, type: CohortEvent['type'], content: string): string {
  return `cohort-${createHash('sha256').update(`${familyId}|${type}|${content}`).digest('hex').slice(0, 24)}`;
}
