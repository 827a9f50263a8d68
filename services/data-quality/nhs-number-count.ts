import { isValidNhsNumber } from '../cohort/nhs-number';
import { ageAt } from '../retention';

/**
 * The consistent child identifier (Children's Wellbeing and Schools Act 2026) is to be the NHS
 * number, and a verified NHS number is decisive in linkage (services/matcher/nhs-verification.ts).
 * A child in the cohort without one can only be linked by name, date of birth and address, so the
 * council is told how many such children it has: counts only, per team, never who they are.
 *
 * A member counts as a child when their date of birth is known and they are under 18 on the day
 * counted; members with no date of birth cannot be told apart and are counted on their own. An NHS
 * number that fails its modulus-11 check counts as missing: the matcher ignores it too. Only open
 * families' current members are the cohort; the caller reads them (./cohort-members.ts).
 */
export type CohortMember = Readonly<{ dateOfBirth: string | null; nhsNumber: string | null; team: string | null }>;

export type NhsNumberCounts = Readonly<{
  /** children (under 18, date of birth known) in open families */
  children: number;
  /** of those, with no NHS number at all */
  noNhsNumber: number;
  /** of those, with an NHS number that fails its check digit */
  invalidNhsNumber: number;
  /** members whose date of birth is not known, so who may or may not be children */
  ageUnknown: number;
}>;

export type TeamNhsNumberCounts = NhsNumberCounts & Readonly<{ team: string | null }>;

export type NhsNumberDataQuality = Readonly<{ on: string; cohort: NhsNumberCounts; teams: readonly TeamNhsNumberCounts[] }>;

const adultAge = 18;
/** A date of birth still to come (an expected baby) is not a child without an NHS number yet. */
const isChild = (age: number) => age >= 0 && age < adultAge;
const none = (): { children: number; noNhsNumber: number; invalidNhsNumber: number; ageUnknown: number } => ({ children: 0, noNhsNumber: 0, invalidNhsNumber: 0, ageUnknown: 0 });

/** Children without a valid NHS number on `on` (YYYY-MM-DD), for the whole cohort and per team (no team: `null`, listed last). */
export function nhsNumberDataQuality(members: Iterable<CohortMember>, on: string): NhsNumberDataQuality {
  const at = new Date(`${on}T00:00:00Z`);
  const cohort = none();
  const byTeam = new Map<string | null, ReturnType<typeof none>>();
  for (const member of members) {
    const team = byTeam.get(member.team) ?? none();
    byTeam.set(member.team, team);
    for (const counts of [cohort, team]) {
      if (member.dateOfBirth === null) counts.ageUnknown++;
      else if (isChild(ageAt(member.dateOfBirth, at))) {
        counts.children++;
        if (member.nhsNumber === null) counts.noNhsNumber++;
        else if (!isValidNhsNumber(member.nhsNumber)) counts.invalidNhsNumber++;
      }
    }
  }
  const teams = [...byTeam].map(([team, counts]) => ({ team, ...counts })).sort((a, b) => (a.team === null ? 1 : b.team === null ? -1 : a.team.localeCompare(b.team)));
  return { on, cohort, teams };
}

/** Children who cannot be identified by NHS number: none given, or one that cannot be right. */
export const withoutValidNhsNumber = (counts: NhsNumberCounts): number => counts.noNhsNumber + counts.invalidNhsNumber;
