import { MISSING, comparisonCount } from './comparisons';

export type Table = Float64Array[];

/** Pseudo-matches that pull sparse m estimates towards the starting m instead of to 0 or 1. */
const M_PSEUDO_MATCHES = 5;

export type EmResult = Readonly<{
  m: Table;
  /** Expected number of matches among the pairs. */
  matches: number;
  /** Per comparison, the share of matches where neither side is missing. */
  presentShare: Float64Array;
  iterations: number;
}>;

/**
 * Expectation–maximisation for the Fellegi–Sunter mixture with u held fixed: each pair's match
 * probability under the current m and match share, then m and the share from those probabilities,
 * until nothing moves by more than 1e-5. Only the `fitted` comparisons are used and updated.
 * `pairs` holds comparisonCount levels per pair.
 */
export function expectationMaximisation(pairs: Uint8Array, fitted: readonly number[], start: Table, u: Table, maxIterations: number): EmResult {
  const m = start.map((levels) => Float64Array.from(levels));
  const pairCount = pairs.length / comparisonCount;
  const presentShare = new Float64Array(comparisonCount).fill(1);
  if (pairCount === 0) return { m, matches: 0, presentShare, iterations: 0 };
  let share = 0.1;
  let matches = 0;
  let iterations = 0;
  while (iterations++ < maxIterations) {
    const logRatio = m.map((levels, c) => levels.map((value, l) => Math.log(value / u[c][l])));
    const sums: Table = m.map((levels) => new Float64Array(levels.length));
    const present = new Float64Array(comparisonCount);
    const priorLogOdds = Math.log(share / (1 - share));
    matches = 0;
    for (let p = 0; p < pairCount; p++) {
      let logOdds = priorLogOdds;
      for (const c of fitted) {
        const level = pairs[p * comparisonCount + c];
        if (level !== MISSING) logOdds += logRatio[c][level];
      }
      const probability = 1 / (1 + Math.exp(-logOdds));
      matches += probability;
      for (const c of fitted) {
        const level = pairs[p * comparisonCount + c];
        if (level === MISSING) continue;
        sums[c][level] += probability;
        present[c] += probability;
      }
    }
    let change = Math.abs(matches / pairCount - share);
    share = Math.min(0.999, Math.max(1e-9, matches / pairCount));
    for (const c of fitted) {
      presentShare[c] = matches > 0 ? present[c] / matches : 1;
      for (let l = 0; l < m[c].length; l++) {
        const next = (sums[c][l] + M_PSEUDO_MATCHES * start[c][l]) / (present[c] + M_PSEUDO_MATCHES);
        change = Math.max(change, Math.abs(next - m[c][l]));
        m[c][l] = next;
      }
    }
    if (change < 1e-5) break;
  }
  return { m, matches, presentShare, iterations };
}
