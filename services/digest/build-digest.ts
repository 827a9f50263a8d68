import {
  categoryInfo,
  riskLevels,
  withheldReasons,
  type DigestIssued,
  type DigestItem,
  type FamilyDigest,
  type MatchLinked,
  type RecipientRole,
  type RiskLevel,
  type WithheldReason,
} from '../contracts';
import { stableId } from '../platform/ids';
import { applyPolicy, decideDisclosure, subjectOf, type ConsentRecord, type Policy } from '../policy';
import { historyEvent, rateMatch, widerPictureFindings, type RuleSet } from '../risk';
import { toLocalIso, type Window } from './window';

/**
 * Builds one practitioner's digest. Pure: the same matches, window, cut-off, rules, policy and
 * consent always give the same digest, id included, so a past digest can be reproduced exactly.
 * Every item passes through the holder's decisions to withhold and the sharing policy first: what
 * they withhold is only counted, by reason.
 */
export type DigestInput = Readonly<{
  practitioner: { practitionerId: string; name: string };
  date: string;
  window: Window;
  /** Only what reached us before this instant counts, so a rerun sees exactly what the first run saw. */
  cutOff: string;
  /** How far back a late item may have been reported: the first digest's window start, or a horizon. */
  lateFrom: string;
  rules: RuleSet;
  policy: Policy;
  /** The role the digest's recipient holds for these families; the policy is applied for it. */
  recipientRole: RecipientRole;
  /** familyId → the family's consent records as they stood at the cut-off (none: no consent recorded). */
  consent: ReadonlyMap<string, readonly ConsentRecord[]>;
  /** The previous digest's cut-off, so an item it already withheld is not counted as withheld again. */
  previousCutOff?: string;
  /**
   * Match ids a holder's decision withholds from the digest path as it stood at the cut-off
   * (services/sharing-decisions, withholdingsFor): kept out, counted as more-detrimental-to-child,
   * and never drawn on by the wider picture. Covers `unreported` and `recentHistory`.
   */
  withheldByDecision: ReadonlySet<string>;
  /** familyId → the council's reference for the family. */
  familyReferences: ReadonlyMap<string, string>;
  /** Matches for the practitioner's families not yet in any of their digests (see `selectItems`). */
  unreported: readonly MatchLinked[];
  /** The families' matches within the rules' look-back, for the wider picture; may repeat `unreported`. */
  recentHistory: readonly MatchLinked[];
  generatedAt: string;
}>;

const urgency = (level: RiskLevel) => riskLevels.indexOf(level);
const timingOrder = { new: 0, late: 1, history: 2 } as const;

export function digestId(practitionerId: string, date: string): string {
  return stableId('d', practitionerId, date);
}

/**
 * Reported inside the window: new. Reported before it (but not before `lateFrom`) and not in an
 * earlier digest: late — it reached us after that digest was cut. Old events linked by re-matching:
 * history. Anything that reached us after the cut-off waits for the next digest.
 */
export function timingOf(match: MatchLinked, selection: Pick<DigestInput, 'window' | 'cutOff' | 'lateFrom'>): DigestItem['timing'] | undefined {
  if (Date.parse(match.receivedAt) >= Date.parse(selection.cutOff)) return undefined;
  if (match.context === 'history') return 'history';
  const reported = Date.parse(match.event.reportedAt);
  if (reported >= Date.parse(selection.window.to) || reported < Date.parse(selection.lateFrom)) return undefined;
  return reported >= Date.parse(selection.window.from) ? 'new' : 'late';
}

function itemFor(match: MatchLinked, familyReference: string, rules: RuleSet, timing: DigestItem['timing']): DigestItem {
  const rating = rateMatch(rules, match);
  return {
    matchId: match.matchId,
    familyId: match.familyId,
    familyReference,
    riskLevel: rating.riskLevel,
    rule: rating.rule,
    ratedBecause: rating.ratedBecause,
    timing,
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

// An existence-only item has no date; it sorts after dated items of its level.
const occurredMs = (item: DigestItem) => (item.occurredAt ? Date.parse(item.occurredAt) : 0);

const byUrgency = (a: DigestItem, b: DigestItem) =>
  timingOrder[a.timing] - timingOrder[b.timing] ||
  urgency(a.riskLevel) - urgency(b.riskLevel) ||
  occurredMs(b) - occurredMs(a) ||
  a.matchId.localeCompare(b.matchId);

/**
 * The wider picture names agencies, categories and dates, so it may only draw on what the recipient
 * is allowed to see at least in summary; otherwise a finding would disclose a withheld event.
 */
function visibleInSummary(match: MatchLinked, input: DigestInput): boolean {
  if (input.withheldByDecision.has(match.matchId)) return false;
  const decision = decideDisclosure(subjectOf(match), policyContext(input, match.familyId));
  return decision.share && decision.level !== 'existence-only';
}

const policyContext = (input: DigestInput, familyId: string) => ({
  policy: input.policy,
  role: input.recipientRole,
  consent: input.consent.get(familyId) ?? [],
});

/** Already weighed by the previous digest: reached us before its cut-off and was in its reach then. */
function consideredBefore(match: MatchLinked, input: DigestInput): boolean {
  if (!input.previousCutOff || Date.parse(match.receivedAt) >= Date.parse(input.previousCutOff)) return false;
  return match.context === 'history' || Date.parse(match.event.reportedAt) < Date.parse(input.window.from);
}

function familyDigestFor(familyId: string, items: DigestItem[], input: DigestInput): FamilyDigest {
  const fresh = new Set(
    items.filter((item) => item.timing !== 'history' && item.disclosure?.level !== 'existence-only').map((item) => item.matchId),
  );
  const history = input.recentHistory.filter((match) => match.familyId === familyId && visibleInSummary(match, input));
  const events = new Map(history.map((match) => [match.matchId, historyEvent(match)]));
  const findings = fresh.size ? widerPictureFindings(input.rules, [...events.values()], (id) => fresh.has(id)) : [];
  const levels = [...items.filter((item) => item.timing !== 'history').map((item) => item.riskLevel), ...findings.map((f) => f.raisesTo)];
  return {
    familyId,
    familyReference: items[0].familyReference,
    riskLevel: levels.length ? levels.reduce((a, b) => (urgency(a) <= urgency(b) ? a : b)) : 'information',
    findings,
    items: [...items].sort(byUrgency),
  };
}

/** Most urgent family first; then those whose pattern completed today; then the busiest. */
const familyOrder = (a: FamilyDigest, b: FamilyDigest) =>
  urgency(a.riskLevel) - urgency(b.riskLevel) ||
  b.findings.length - a.findings.length ||
  b.items.filter((i) => i.timing !== 'history').length - a.items.filter((i) => i.timing !== 'history').length ||
  a.familyId.localeCompare(b.familyId);

export function buildDigest(input: DigestInput): DigestIssued {
  const byFamily = new Map<string, DigestItem[]>();
  const seen = new Set<string>();
  const withheld = Object.fromEntries(withheldReasons.map((reason) => [reason, 0])) as Record<WithheldReason, number>;
  for (const match of input.unreported) {
    const timing = timingOf(match, input);
    if (!timing || seen.has(match.matchId)) continue;
    seen.add(match.matchId);
    // A holder's decision comes before the policy: the item is not disclosed at any level.
    if (input.withheldByDecision.has(match.matchId)) {
      if (!consideredBefore(match, input)) withheld['more-detrimental-to-child'] += 1;
      continue;
    }
    const reference = input.familyReferences.get(match.familyId) ?? match.familyId;
    const applied = applyPolicy(itemFor(match, reference, input.rules, timing), { ...policyContext(input, match.familyId), match });
    if ('withheld' in applied) {
      if (!consideredBefore(match, input)) withheld[applied.withheld] += 1;
      continue;
    }
    const items = byFamily.get(match.familyId) ?? [];
    items.push(applied.disclosed);
    byFamily.set(match.familyId, items);
  }
  const families = [...byFamily.entries()].map(([familyId, items]) => familyDigestFor(familyId, items, input)).sort(familyOrder);
  const counts = digestCounts(families);
  return {
    type: 'digest.issued',
    digestId: digestId(input.practitioner.practitionerId, input.date),
    practitionerId: input.practitioner.practitionerId,
    practitionerName: input.practitioner.name,
    date: input.date,
    window: input.window,
    cutOff: input.cutOff,
    ruleSetVersion: input.rules.version,
    policyVersion: input.policy.version,
    recipientRole: input.recipientRole,
    withheld,
    generatedAt: input.generatedAt,
    counts,
    families,
  };
}

/** Every item of a digest in reading order. */
export function digestItems(digest: DigestIssued): DigestItem[] {
  return digest.families.flatMap((family) => family.items);
}

/** Items per level, history excluded: a digest's `counts`, also recounted when an erased family leaves a digest. */
export function digestCounts(families: ReadonlyArray<Pick<FamilyDigest, 'items'>>): Record<RiskLevel, number> {
  const counts = Object.fromEntries(riskLevels.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const item of families.flatMap((family) => family.items)) if (item.timing !== 'history') counts[item.riskLevel] += 1;
  return counts;
}
