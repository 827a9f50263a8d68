import type { DigestIssued, RiskLevel } from '../contracts';

/**
 * Comparing the families of a digest as issued (reproduced with its own rules) with the same digest
 * under alternative rules. A family is **flagged** when its level is high or medium: the levels a
 * practitioner is expected to act on that day. Every family whose level differs counts once:
 *
 * - newly flagged: flagged under the alternative rules, not under the rules in force;
 * - no longer flagged: the other way round;
 * - changed level: flagged under both or neither, at a different level (medium → high, low → information).
 *
 * The rules only rate; they never add or remove an item, so both digests hold the same families. Pure.
 */
export const flaggedLevels: readonly RiskLevel[] = ['high', 'medium'];
export const isFlagged = (level: RiskLevel | undefined): boolean => level !== undefined && flaggedLevels.includes(level);

export const changeKinds = ['newly-flagged', 'no-longer-flagged', 'changed-level'] as const;
export type ChangeKind = (typeof changeKinds)[number];

export type FamilyChange = Readonly<{
  date: string;
  practitionerId: string;
  familyId: string;
  inForce: RiskLevel | undefined;
  alternative: RiskLevel | undefined;
  change: ChangeKind;
}>;

export type DigestComparison = Readonly<{ date: string; practitionerId: string; familiesCompared: number; changes: readonly FamilyChange[] }>;

export function compareDigests(inForce: DigestIssued, alternative: DigestIssued): DigestComparison {
  const levels = (digest: DigestIssued) => new Map(digest.families.map((family) => [family.familyId, family.riskLevel]));
  const before = levels(inForce);
  const after = levels(alternative);
  const familyIds = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes = familyIds.flatMap((familyId): FamilyChange[] => {
    const a = before.get(familyId);
    const b = after.get(familyId);
    if (a === b) return [];
    const change: ChangeKind = isFlagged(b) && !isFlagged(a) ? 'newly-flagged' : isFlagged(a) && !isFlagged(b) ? 'no-longer-flagged' : 'changed-level';
    return [{ date: inForce.date, practitionerId: inForce.practitionerId, familyId, inForce: a, alternative: b, change }];
  });
  return { date: inForce.date, practitionerId: inForce.practitionerId, familiesCompared: familyIds.length, changes };
}

export type DayDifference = Readonly<{
  date: string;
  digests: number;
  familiesCompared: number;
  newlyFlagged: number;
  noLongerFlagged: number;
  changedLevel: number;
  /** Digests whose baseline did not reproduce the stored digest exactly (the comparison is then against the reproduction). */
  notReproduced: number;
}>;

/** One row per date, oldest first, including dates where nothing changed. */
export function dayDifferences(digests: ReadonlyArray<{ comparison: DigestComparison; exact: boolean }>): DayDifference[] {
  const days = new Map<string, { digests: number; familiesCompared: number; notReproduced: number; counts: Record<ChangeKind, number> }>();
  for (const { comparison, exact } of digests) {
    const day = days.get(comparison.date) ?? { digests: 0, familiesCompared: 0, notReproduced: 0, counts: { 'newly-flagged': 0, 'no-longer-flagged': 0, 'changed-level': 0 } };
    day.digests += 1;
    day.familiesCompared += comparison.familiesCompared;
    if (!exact) day.notReproduced += 1;
    for (const change of comparison.changes) day.counts[change.change] += 1;
    days.set(comparison.date, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({
      date,
      digests: day.digests,
      familiesCompared: day.familiesCompared,
      newlyFlagged: day.counts['newly-flagged'],
      noLongerFlagged: day.counts['no-longer-flagged'],
      changedLevel: day.counts['changed-level'],
      notReproduced: day.notReproduced,
    }));
}
