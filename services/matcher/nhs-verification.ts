import type { NhsNumberVerificationStatus } from '../contracts';
import { explainInPlainWords, scoreCandidates, type CohortIndex, type Contribution, type Decision, type PersonRecord, type ScoredPair } from '../linkage';

/**
 * How much an agency's NHS number counts depends on whether it was verified against the national
 * register (PDS). The NHS England status 01 means traced and verified; 02–08 mean it was not (not
 * traced, trace failed or pending), so it may be a typing error or another person's number.
 *
 * - verified (01): decisive, as any valid NHS number always was: the same number links, a
 *   different one vetoes. The evidence reads "same, verified" / "different, verified".
 * - unverified (02–08): not decisive. The pair is scored on the other fields alone; the same number
 *   makes it at least a review (a link only when the other fields link on their own, with no
 *   outright different given name or date of birth), and a different number makes it at most a
 *   review, never a veto. It weighs 0 in the score; the evidence reads "same, unverified" /
 *   "different, unverified".
 * - not stated (police, housing, older health events): as before, decisive, level "same"/"different".
 */
export type NhsEvidence = 'verified' | 'unverified' | 'not stated';

export const nhsEvidenceOf = (status: NhsNumberVerificationStatus | undefined): NhsEvidence =>
  status === undefined ? 'not stated' : status === '01' ? 'verified' : 'unverified';

const NHS = 'NHS number';
const UNITS = 10_000; // contributions are whole 1e-4 bits (see linkage/scorer.ts), so sums stay exact
const rank: Readonly<Record<Decision, number>> = { link: 2, review: 1, 'no-link': 0 };

export function scoreWithNhsVerification(index: CohortIndex, record: PersonRecord, status: NhsNumberVerificationStatus | undefined): ScoredPair[] {
  const evidence = nhsEvidenceOf(status);
  if (evidence === 'not stated' || !record.nhsNumber) return scoreCandidates(index, record);
  if (evidence === 'verified') return scoreCandidates(index, record).map((pair) => qualified(pair, 'verified'));
  return scoreCandidates(index, record, { includeNoLink: true })
    .map((pair) => unverified(pair, index.model.thresholds))
    .filter((pair) => pair.decision !== 'no-link')
    .sort((a, b) => rank[b.decision] - rank[a.decision] || b.score - a.score);
}

const levelOf = (contributions: readonly Contribution[], comparison: string) => contributions.find((c) => c.comparison === comparison)?.level ?? 'missing';

function withContributions(pair: ScoredPair, contributions: Contribution[], score: number, decision: Decision): ScoredPair {
  return { recordId: pair.recordId, cohortId: pair.cohortId, score, decision, contributions, explanation: explainInPlainWords(contributions) };
}

function qualified(pair: ScoredPair, evidence: 'verified'): ScoredPair {
  const contributions = pair.contributions.map((c) => (c.comparison === NHS && c.level !== 'missing' ? { ...c, level: `${c.level}, ${evidence}` } : c));
  return withContributions(pair, contributions, pair.score, pair.decision);
}

function unverified(pair: ScoredPair, thresholds: Readonly<{ link: number; review: number }>): ScoredPair {
  const nhs = pair.contributions.find((c) => c.comparison === NHS);
  if (!nhs || nhs.level === 'missing') return pair; // the cohort person has no valid NHS number: the engine's decision stands
  const contributions = pair.contributions.map((c) => (c === nhs ? { ...c, level: `${c.level}, unverified`, weight: 0 } : c));
  const score = (Math.round(pair.score * UNITS) - Math.round(nhs.weight * UNITS)) / UNITS;
  const outright = levelOf(contributions, 'given name') === 'different' || levelOf(contributions, 'date of birth') === 'different';
  const onTheirOwn: Decision = score >= thresholds.link && !outright ? 'link' : score >= thresholds.review ? 'review' : 'no-link';
  const decision: Decision = nhs.level === 'same' ? (onTheirOwn === 'link' ? 'link' : 'review') : onTheirOwn === 'no-link' ? 'no-link' : 'review';
  return withContributions(pair, contributions, score, decision);
}
