/**
 * Linkage quality from decisions and truth, counted over (record, cohort person) pairs. A record
 * may be linked or sent for review to several cohort persons; each pair counts once, at its
 * strongest decision. Precision is the share of proposed pairs that are true, recall the share of
 * true pairs proposed. Both are null when there is nothing to divide by (no proposals, no truth).
 */
import type { Decision } from '../../services/linkage';

export type { Decision };
export type LinkDecision = Readonly<{ recordId: string; cohortId: string; decision: Decision }>;

export type Scores = Readonly<{
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}>;

export type Evaluation = Readonly<{
  records: number;
  truePairs: number;
  /** `link` decisions only: what would be acted on without a person looking. */
  link: Scores;
  /** `link` and `review`: what a reviewer would get to see. */
  linkOrReview: Scores;
}>;

const strength: Readonly<Record<Decision, number>> = { 'no-link': 0, review: 1, link: 2 };
const pairKey = (recordId: string, cohortId: string) => `${recordId}\u0000${cohortId}`;

export function scores(truePositives: number, falsePositives: number, falseNegatives: number): Scores {
  const precision = truePositives + falsePositives > 0 ? truePositives / (truePositives + falsePositives) : null;
  const recall = truePositives + falseNegatives > 0 ? truePositives / (truePositives + falseNegatives) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

/**
 * Quality of `links` against `truth` (record id -> cohort id), over the records in `recordIds`
 * (default: every record named in either). `recordIds` is how a group (a difficulty level, a
 * kind of corruption) is scored on its own.
 */
export function evaluateLinks(
  links: Iterable<LinkDecision>,
  truth: ReadonlyMap<string, string>,
  recordIds?: ReadonlySet<string>,
): Evaluation {
  const strongest = new Map<string, { recordId: string; cohortId: string; level: number }>();
  const seen = new Set<string>();
  for (const { recordId, cohortId, decision } of links) {
    if (recordIds && !recordIds.has(recordId)) continue;
    seen.add(recordId);
    const key = pairKey(recordId, cohortId);
    const level = strength[decision];
    if ((strongest.get(key)?.level ?? -1) < level) strongest.set(key, { recordId, cohortId, level });
  }
  let linkTrue = 0;
  let linkFalse = 0;
  let anyTrue = 0;
  let anyFalse = 0;
  for (const { recordId, cohortId, level } of strongest.values()) {
    const correct = truth.get(recordId) === cohortId;
    if (level === strength.link) {
      if (correct) linkTrue++;
      else linkFalse++;
    }
    if (level >= strength.review) {
      if (correct) anyTrue++;
      else anyFalse++;
    }
  }
  let truePairs = 0;
  for (const recordId of recordIds ?? truth.keys()) if (truth.has(recordId)) truePairs++;
  const records = recordIds ? recordIds.size : new Set([...seen, ...truth.keys()]).size;
  return {
    records,
    truePairs,
    link: scores(linkTrue, linkFalse, truePairs - linkTrue),
    linkOrReview: scores(anyTrue, anyFalse, truePairs - anyTrue),
  };
}

/**
 * One evaluation per group label (`level:hard`, `nickname`, `outsider-namesake`, ...), given each
 * record's labels, most records first.
 */
export function evaluateByGroup(
  links: readonly LinkDecision[],
  truth: ReadonlyMap<string, string>,
  groupsOf: ReadonlyMap<string, readonly string[]>,
): { group: string; evaluation: Evaluation }[] {
  const linksOf = new Map<string, LinkDecision[]>();
  for (const link of links) {
    const list = linksOf.get(link.recordId);
    if (list) list.push(link);
    else linksOf.set(link.recordId, [link]);
  }
  const members = new Map<string, Set<string>>();
  for (const [recordId, groups] of groupsOf) {
    for (const group of groups) {
      let set = members.get(group);
      if (!set) members.set(group, (set = new Set()));
      set.add(recordId);
    }
  }
  return [...members]
    .map(([group, recordIds]) => ({ group, evaluation: evaluateLinks([...recordIds].flatMap((id) => linksOf.get(id) ?? []), truth, recordIds) }))
    .sort((a, b) => b.evaluation.records - a.evaluation.records || a.group.localeCompare(b.group));
}
