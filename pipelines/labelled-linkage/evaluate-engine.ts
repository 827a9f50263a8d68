import { buildCohortIndex, defaultModel, estimateModel, linkRecords, type LinkageModel, type LinkStats } from '../../services/linkage';
import { truthOf, casesOf } from './generate';
import { evaluateByGroup, evaluateLinks, type Evaluation, type LinkDecision } from './metrics';
import type { LabelledDataset } from './person';

export type BlockingQuality = Readonly<{
  /** Share of true pairs whose cohort person is among the record's blocked candidates (every tier of keys). */
  pairsCompleteness: number | null;
  /** Candidates scored per record when linking (the fallback keys only when the narrow ones find no link). */
  meanCandidates: number;
  maxCandidates: number;
  /** Records whose true cohort person blocking did not offer. */
  blockedOut: readonly string[];
}>;

export type CaseRow = Readonly<{ group: string; evaluation: Evaluation; blockedOut?: number }>;

export type EngineRun = Readonly<{
  level: string;
  cohort: number;
  evaluation: Evaluation;
  blocking: BlockingQuality;
  byCase: readonly CaseRow[];
  model: 'default' | 'estimated';
  seconds: { estimate: number; index: number; link: number };
}>;

export type EngineRunOptions = Readonly<{
  /** Fit m, u and the prior to this data without labels (EM) before linking; default true. */
  estimate?: boolean;
  /** Report only each record's best candidate (the engine's one-to-one mode); default false. */
  oneToOne?: boolean;
  progress?: (line: string) => void;
}>;

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * Runs the linkage engine in this process on a labelled dataset, the way `live-risk link` does
 * (thresholds from the model, never from the labels), and scores the result: link and review
 * quality, and how many true pairs blocking lets through at all, the ceiling on recall.
 */
export function evaluateEngine(dataset: LabelledDataset, options: EngineRunOptions = {}): EngineRun {
  const say = options.progress ?? (() => undefined);
  const records = dataset.records.map((labelled) => labelled.record);
  let started = performance.now();
  let model: LinkageModel = defaultModel;
  if (options.estimate ?? true) {
    say(`${dataset.difficulty}: estimating the model by EM on ${records.length} records x ${dataset.cohort.length} cohort (no labels)`);
    model = estimateModel(dataset.cohort, records);
  }
  const estimateSeconds = seconds(started);

  started = performance.now();
  const index = buildCohortIndex(dataset.cohort, model);
  const indexSeconds = seconds(started);

  const truth = truthOf(dataset);
  const blocking = blockingQuality(dataset, truth, (record) => index.candidatesFor(record));

  say(`${dataset.difficulty}: linking ${records.length} records`);
  started = performance.now();
  const links: LinkDecision[] = [];
  const stats: LinkStats = { records: 0, candidates: 0, links: 0, reviews: 0, maxCandidates: 0 };
  for (const pair of linkRecords(index, records, { oneToOne: options.oneToOne, stats })) {
    links.push({ recordId: pair.recordId, cohortId: pair.cohortId, decision: pair.decision });
  }
  const linkSeconds = seconds(started);

  const cases = casesOf(dataset);
  const blockedOutByCase = new Map<string, number>();
  for (const recordId of blocking.blockedOut) {
    for (const label of cases.get(recordId) ?? []) blockedOutByCase.set(label, (blockedOutByCase.get(label) ?? 0) + 1);
  }
  return {
    level: dataset.difficulty,
    cohort: dataset.cohort.length,
    evaluation: evaluateLinks(links, truth, new Set(cases.keys())),
    blocking: { ...blocking, meanCandidates: stats.candidates / Math.max(1, stats.records), maxCandidates: stats.maxCandidates ?? 0 },
    byCase: evaluateByGroup(links, truth, cases).map((row) => ({ ...row, blockedOut: blockedOutByCase.get(row.group) ?? 0 })),
    model: options.estimate ?? true ? 'estimated' : 'default',
    seconds: { estimate: estimateSeconds, index: indexSeconds, link: linkSeconds },
  };
}

/** Pairs completeness and candidate counts; cohort positions are the cohort's array indices. */
export function blockingQuality(
  dataset: LabelledDataset,
  truth: ReadonlyMap<string, string>,
  candidatesFor: (record: LabelledDataset['cohort'][number]) => readonly number[],
): BlockingQuality {
  const positionOf = new Map(dataset.cohort.map((person, position) => [person.id, position]));
  const blockedOut: string[] = [];
  let truePairs = 0;
  let total = 0;
  let max = 0;
  for (const { record } of dataset.records) {
    const candidates = candidatesFor(record);
    total += candidates.length;
    max = Math.max(max, candidates.length);
    const cohortId = truth.get(record.id);
    if (cohortId === undefined) continue;
    truePairs++;
    if (!candidates.includes(positionOf.get(cohortId) as number)) blockedOut.push(record.id);
  }
  return {
    pairsCompleteness: truePairs > 0 ? (truePairs - blockedOut.length) / truePairs : null,
    meanCandidates: dataset.records.length > 0 ? total / dataset.records.length : 0,
    maxCandidates: max,
    blockedOut,
  };
}
