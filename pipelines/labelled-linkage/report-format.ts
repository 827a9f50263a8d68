import type { CaseRow, EngineRun } from './evaluate-engine';
import type { Evaluation, Scores } from './metrics';

/** Markdown tables of linkage quality, for the terminal and for BENCHMARKS.md alike. */
export const ratio = (value: number | null, digits = 4): string => (value === null ? '—' : value.toFixed(digits));

const prf = (s: Scores) => `${ratio(s.precision)} | ${ratio(s.recall)} | ${ratio(s.f1)}`;

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned = header.map((_, i) => i > 0)): string {
  const lines = [`| ${header.join(' | ')} |`, `|${rightAligned.map((right) => (right ? '---:' : ':---')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

export function scoresTable(rows: readonly { label: string; evaluation: Evaluation }[]): string {
  return table(
    ['', 'records', 'true pairs', 'link P', 'link R', 'link F1', 'link+review P', 'link+review R', 'link+review F1'],
    rows.map(({ label, evaluation: e }) => [label, String(e.records), String(e.truePairs), prf(e.link), prf(e.linkOrReview)]),
  );
}

/** One row per run: quality of links and of links plus reviews, and what blocking let through. */
export function qualityTable(runs: readonly EngineRun[]): string {
  return table(
    ['level', 'cohort', 'records', 'true pairs', 'link P', 'link R', 'link F1', 'link+review P', 'link+review R', 'link+review F1', 'pairs completeness', 'mean cands', 'max cands'],
    runs.map((run) => [
      run.level,
      String(run.cohort),
      String(run.evaluation.records),
      String(run.evaluation.truePairs),
      prf(run.evaluation.link),
      prf(run.evaluation.linkOrReview),
      ratio(run.blocking.pairsCompleteness),
      run.blocking.meanCandidates.toFixed(1),
      String(run.blocking.maxCandidates),
    ]),
  );
}

/**
 * Per kind of record (a corruption, a trap such as a twin, an outsider kind): where the misses and
 * the wrong links are. With `onlyProblems`, only kinds with link recall under 0.95 or any wrong
 * link, most wrong links first, so the engine's author sees what to fix.
 */
export function caseTable(byCase: readonly CaseRow[], onlyProblems = true): string {
  const rows = byCase
    .filter(({ group }) => !group.startsWith('level:'))
    .filter(({ evaluation: e }) => !onlyProblems || e.link.falsePositives > 0 || (e.link.recall !== null && e.link.recall < 0.95))
    .sort((a, b) => (onlyProblems ? b.evaluation.link.falsePositives - a.evaluation.link.falsePositives : 0) || missed(b.evaluation) - missed(a.evaluation));
  if (rows.length === 0) return '(no kind of record below 0.95 link recall or with a wrong link)';
  const withBlocking = rows.some((row) => row.blockedOut !== undefined);
  return table(
    ['case', 'records', 'true pairs', 'link R', 'link+review R', 'wrong links', 'wrong link+review', 'true pairs not linked', ...(withBlocking ? ['of which blocked out'] : [])],
    rows.map(({ group, evaluation: e, blockedOut }) => [
      group,
      String(e.records),
      String(e.truePairs),
      ratio(e.link.recall, 3),
      ratio(e.linkOrReview.recall, 3),
      String(e.link.falsePositives),
      String(e.linkOrReview.falsePositives),
      String(missed(e)),
      ...(withBlocking ? [String(blockedOut ?? 0)] : []),
    ]),
  );
}

const missed = (e: Evaluation) => e.link.falseNegatives;
