import { categoryInfo, riskLevels, type DigestIssued, type DigestItem, type MatchLinked, type RiskLevel } from '../contracts';
import { stableId } from '../platform/ids';
import { toLocalIso, type Window } from './window';

/**
 * Builds one practitioner's digest from the matches reported in its window. Pure: replaying the same
 * matches for the same date reproduces the same digest, id included.
 */
export type DigestInput = Readonly<{
  practitioner: { practitionerId: string; name: string };
  date: string;
  window: Window;
  /** familyId → the council's reference for the family. */
  familyReferences: ReadonlyMap<string, string>;
  matches: readonly MatchLinked[];
  generatedAt: string;
}>;

const urgency = (level: RiskLevel) => riskLevels.indexOf(level);

export function riskLevelOf(match: MatchLinked): RiskLevel {
  return categoryInfo(match.event.agency, match.event.category)?.baseLevel ?? 'information';
}

export function digestId(practitionerId: string, date: string): string {
  return stableId('d', practitionerId, date);
}

function itemFor(match: MatchLinked, familyReference: string): DigestItem {
  return {
    matchId: match.matchId,
    familyId: match.familyId,
    familyReference,
    riskLevel: riskLevelOf(match),
    agency: match.event.agency,
    organisation: match.event.organisation,
    category: match.event.category,
    categoryLabel: categoryInfo(match.event.agency, match.event.category)?.label ?? match.event.category,
    occurredAt: toLocalIso(match.event.occurredAt),
    reportedAt: toLocalIso(match.event.reportedAt),
    area: match.event.postcodeDistrict,
    ...(match.event.summary ? { summary: match.event.summary } : {}),
    whyMatched: match.explanation,
  };
}

/** Most urgent first; within a level, the family with most items first, then the latest event. */
function rank(items: DigestItem[]): DigestItem[] {
  const perFamily = new Map<string, number>();
  for (const item of items) perFamily.set(item.familyId, (perFamily.get(item.familyId) ?? 0) + 1);
  return [...items].sort(
    (a, b) =>
      urgency(a.riskLevel) - urgency(b.riskLevel) ||
      (perFamily.get(b.familyId) ?? 0) - (perFamily.get(a.familyId) ?? 0) ||
      a.familyId.localeCompare(b.familyId) ||
      Date.parse(b.occurredAt) - Date.parse(a.occurredAt) ||
      a.matchId.localeCompare(b.matchId),
  );
}

export function buildDigest(input: DigestInput): DigestIssued {
  const from = Date.parse(input.window.from);
  const to = Date.parse(input.window.to);
  const inWindow = input.matches.filter((match) => {
    const reported = Date.parse(match.event.reportedAt);
    return reported >= from && reported < to;
  });
  return {
    type: 'digest.issued',
    digestId: digestId(input.practitioner.practitionerId, input.date),
    practitionerId: input.practitioner.practitionerId,
    practitionerName: input.practitioner.name,
    date: input.date,
    window: input.window,
    generatedAt: input.generatedAt,
    items: rank(inWindow.map((match) => itemFor(match, input.familyReferences.get(match.familyId) ?? match.familyId))),
  };
}
