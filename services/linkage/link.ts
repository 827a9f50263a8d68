import { FALLBACK, NARROW } from './blocking-rules';
import { LinkageIndex, type CohortIndex } from './cohort-index';
import { explainInPlainWords } from './explain';
import * as personRows from './person-rows';
import type { PreparedRecord } from './prepare';
import { WEIGHT_UNITS } from './scorer';
import type { Contribution, Decision, PersonRecord, ScoredPair } from './types';

export type ScoreOptions = Readonly<{
  /** At most this many pairs, best first (default: all that qualify). */
  maxResults?: number;
  /** Also report 'no-link' pairs (default: only link and review). */
  includeNoLink?: boolean;
}>;

export type LinkOptions = ScoreOptions &
  Readonly<{
    /**
     * Each record is one person, so report only its best candidate, and make a link a review when
     * the runner-up is within `margin` of it. The default margin, log2(99), is where the best
     * candidate would still be 99 times likelier than the runner-up, the same odds a link needs.
     */
    oneToOne?: boolean;
    margin?: number;
    /** Counts filled in as records are linked, for a summary. */
    stats?: LinkStats;
  }>;

/** `candidates` counts the pairs scored; `maxCandidates`, when present, is kept up to date too. */
export type LinkStats = { records: number; candidates: number; links: number; reviews: number; maxCandidates?: number };

const { FAMILY, GIVEN } = personRows;

const decisionRank: Readonly<Record<Decision, number>> = { link: 2, review: 1, 'no-link': 0 };

/** `forced`: the decision came from a strong identifier (decisive or veto), not from the score. */
type Candidate = { position: number; units: number; decision: Decision; forced: boolean };

function asLinkageIndex(index: CohortIndex): LinkageIndex {
  if (!(index instanceof LinkageIndex)) throw new TypeError('expected an index made by buildCohortIndex');
  return index;
}

const byDecisionThenScore = (a: Candidate, b: Candidate): number => decisionRank[b.decision] - decisionRank[a.decision] || b.units - a.units;

/**
 * The record's blocked candidates with their scores and decisions, best first. The narrow keys
 * come first; the fallback keys (broad names, partial evidence, variants of a damaged field) are
 * looked up only when the narrow ones found no link, so a typical record compares a handful of
 * people however large the cohort, and a badly damaged one still gets a wide search.
 */
function scoreAll(index: LinkageIndex, record: PreparedRecord): Candidate[] {
  const candidates: Candidate[] = [];
  const scorer = index.scorer;
  let linked = false;
  const visit = (position: number): void => {
    const units = index.scoreCandidate(position);
    const decision = scorer.decide(units);
    if (decision === 'link') linked = true;
    candidates.push({ position, units, decision, forced: scorer.strongIdentifierDecides() });
  };
  index.forEachCandidate(record, visit, NARROW);
  if (!linked) index.forEachCandidate(record, visit, FALLBACK);
  return candidates.sort(byDecisionThenScore);
}

function report(index: LinkageIndex, record: PreparedRecord, candidate: Candidate, decision: Decision): ScoredPair {
  // Compared again, from the record itself: a caller may have matched another record since (linkRecords is lazy).
  index.scoreRecordAgainst(record, candidate.position);
  const { people, scorer } = index;
  const snapshot = scorer.snapshot(people.field(candidate.position, GIVEN), people.field(candidate.position, FAMILY));
  let contributions: readonly Contribution[] | undefined;
  let explanation: string | undefined;
  // Contributions and their wording are built only when read: a matcher that stores the pair reads
  // them, a batch without --explain and the many reviews nobody opens never do.
  return {
    recordId: record.id,
    cohortId: index.idAt(candidate.position),
    score: candidate.units / WEIGHT_UNITS,
    decision,
    get contributions(): readonly Contribution[] {
      return (contributions ??= scorer.contributionsOf(snapshot));
    },
    get explanation(): string {
      return (explanation ??= explainInPlainWords(this.contributions));
    },
  };
}

export function scoreCandidates(index: CohortIndex, record: PersonRecord, options: ScoreOptions = {}): ScoredPair[] {
  const linkage = asLinkageIndex(index);
  const prepared = linkage.prepare(record);
  const maxResults = options.maxResults ?? Infinity;
  const pairs: ScoredPair[] = [];
  for (const candidate of scoreAll(linkage, prepared)) {
    if (pairs.length >= maxResults) break;
    if (options.includeNoLink || candidate.decision !== 'no-link') pairs.push(report(linkage, prepared, candidate, candidate.decision));
  }
  return pairs;
}

/** Links each record in turn (lazily, so a large file streams); see LinkOptions for one-to-one. */
export function* linkRecords(index: CohortIndex, records: Iterable<PersonRecord>, options: LinkOptions = {}): Iterable<ScoredPair> {
  const linkage = asLinkageIndex(index);
  const margin = Math.round((options.margin ?? Math.log2(99)) * WEIGHT_UNITS);
  const stats = options.stats;
  for (const record of records) {
    const prepared = linkage.prepare(record);
    const candidates = scoreAll(linkage, prepared);
    if (stats) {
      stats.records++;
      stats.candidates += candidates.length;
      if (stats.maxCandidates !== undefined) stats.maxCandidates = Math.max(stats.maxCandidates, candidates.length);
    }
    const reported: Array<[Candidate, Decision]> = [];
    if (options.oneToOne) {
      const [best, ...others] = candidates;
      if (best) {
        const runnerUp = others.find((other) => !(other.forced && other.decision === 'no-link'));
        const close = runnerUp !== undefined && best.units - runnerUp.units < margin;
        reported.push([best, best.decision === 'link' && close && !best.forced ? 'review' : best.decision]);
      }
    } else {
      for (const candidate of candidates) reported.push([candidate, candidate.decision]);
    }
    let count = 0;
    for (const [candidate, decision] of reported) {
      if (decision === 'no-link' && !options.includeNoLink) continue;
      if (count++ >= (options.maxResults ?? Infinity)) break;
      if (stats && decision === 'link') stats.links++;
      if (stats && decision === 'review') stats.reviews++;
      yield report(linkage, prepared, candidate, decision);
    }
  }
}
