import { LiveRiskError } from '../platform/errors';
import { all, contains, figureKey, partsOf, type Figure } from './figures';
import { Span } from './span';

/**
 * Small-number suppression for published counts. A count between 1 and threshold − 1 is not
 * published (primary suppression). Then others are withheld too (secondary suppression) until no
 * withheld small count can be worked out from what is published:
 *
 * 1. nested pairs: for two published figures where one counts a subset of the other (a month within
 *    the period, an agency within all agencies, matched events within received ones), their
 *    difference is 0 or at least the threshold;
 * 2. totals and parts: a published total minus all its published parts along one dimension (the
 *    rest of a row or column) is 0 or at least the threshold, and is never one withheld part alone;
 * 3. any combination: no figure withheld for being small is a sum and difference of published ones
 *    (linear algebra over the finest cells: catches the patterns across rows and columns at once).
 *
 * Zero is published: "none" is not a small number that identifies anyone. The secondary figure
 * withheld is the smallest positive part, so totals survive where they can. Bounds from counts
 * being non-negative are not considered (a withheld pair summing to the threshold still leaves each
 * anywhere from 0 to it). Pure and deterministic: the same figures give the same result.
 */
export type SuppressionRule = Readonly<{ threshold: number }>;
export type Suppression = 'none' | 'primary' | 'secondary';
export type ControlledFigure = Figure & Readonly<{ key: string; shown: number | null; suppression: Suppression }>;

export function suppressSmallNumbers(figures: readonly Figure[], rule: SuppressionRule): ControlledFigure[] {
  if (!Number.isInteger(rule.threshold) || rule.threshold < 2) {
    throw new LiveRiskError('CONFIG_INVALID', `the suppression threshold must be a whole number of at least 2, not ${rule.threshold}`);
  }
  checkFigures(figures);
  const t = rule.threshold;
  const small = (value: number) => value > 0 && value < t;
  const state: Suppression[] = figures.map((figure) => (small(figure.value) ? 'primary' : 'none'));
  const shown = (i: number) => state[i] === 'none';
  const withhold = (i: number) => {
    state[i] = 'secondary';
  };
  const byMeasure = new Map<string, number[]>();
  figures.forEach((figure, i) => byMeasure.set(figure.measure, [...(byMeasure.get(figure.measure) ?? []), i]));
  const smallestPositiveShown = (indices: readonly number[]) =>
    indices.filter((i) => shown(i) && figures[i].value > 0).sort((a, b) => figures[a].value - figures[b].value || a - b)[0];

  for (;;) {
    let changed = false;
    for (const group of byMeasure.values()) {
      for (const a of group) {
        for (const b of group) {
          if (a === b || !shown(a) || !shown(b) || !contains(figures[a], figures[b])) continue;
          if (small(figures[a].value - figures[b].value)) {
            withhold(b);
            changed = true;
          }
        }
      }
      for (const a of group) {
        if (!shown(a)) continue;
        for (const dimension of Object.keys(figures[a].dims).filter((name) => figures[a].dims[name] === all)) {
          const parts = partsOf({ ...figures[a], i: a }, dimension, group.map((i) => ({ ...figures[i], i }))).map((part) => part.i);
          const rest = figures[a].value - parts.filter(shown).reduce((sum, i) => sum + figures[i].value, 0);
          // One withheld part beside a published total is that total minus the others, small or not;
          // knowing it often pins a small one elsewhere, so a line withholds two or none.
          if (!small(rest) && parts.filter((i) => !shown(i)).length !== 1) continue;
          withhold(smallestPositiveShown(parts) ?? a);
          changed = true;
          if (!shown(a)) break;
        }
      }
    }
    if (!changed) changed = withholdDetermined(figures, byMeasure, state, smallestPositiveShown);
    if (!changed) break;
  }
  return figures.map((figure, i) => ({ ...figure, key: figureKey(figure), shown: shown(i) ? figure.value : null, suppression: state[i] }));
}

/** Rule 3: for each measure, withhold a neighbour of every small figure that published ones determine. */
function withholdDetermined(
  figures: readonly Figure[],
  byMeasure: ReadonlyMap<string, number[]>,
  state: Suppression[],
  smallestPositiveShown: (indices: readonly number[]) => number | undefined,
): boolean {
  let changed = false;
  for (const group of byMeasure.values()) {
    const primaries = group.filter((i) => state[i] === 'primary');
    if (!primaries.length) continue;
    const vectorOf = cellVectors(group.map((i) => figures[i]));
    const span = new Span(vectorOf.size);
    group.forEach((i, position) => state[i] === 'none' && span.add(vectorOf.vectors[position]));
    for (const p of primaries) {
      if (!span.contains(vectorOf.vectors[group.indexOf(p)])) continue;
      const neighbours = group.filter((i) => i !== p && differsInOneDimension(figures[i], figures[p]));
      const siblings = neighbours.filter((i) => Object.keys(figures[p].dims).every((name) => (figures[i].dims[name] === all) === (figures[p].dims[name] === all)));
      const chosen = smallestPositiveShown(siblings) ?? smallestPositiveShown(neighbours) ?? group.find((i) => state[i] === 'none' && contains(figures[i], figures[p]));
      if (chosen === undefined) continue;
      state[chosen] = 'secondary';
      changed = true;
    }
    if (changed) return true;
  }
  return changed;
}

const differsInOneDimension = (a: Figure, b: Figure) => Object.keys(a.dims).filter((name) => a.dims[name] !== b.dims[name]).length === 1;

/** Each figure as a 0/1 vector over the finest cells of its measure (every combination of the values its figures name). */
function cellVectors(group: readonly Figure[]): { size: number; vectors: Float64Array[] } {
  const names = Object.keys(group[0].dims).sort();
  const values = names.map((name) => [...new Set(group.map((figure) => figure.dims[name]).filter((value) => value !== all))].sort());
  const size = values.reduce((product, list) => product * Math.max(1, list.length), 1);
  const vectors = group.map((figure) => {
    const vector = new Float64Array(size);
    const visit = (d: number, index: number) => {
      if (d === names.length) {
        vector[index] = 1;
        return;
      }
      const choices = values[d].length ? values[d] : [all];
      choices.forEach((value, position) => {
        if (figure.dims[names[d]] === all || figure.dims[names[d]] === value) visit(d + 1, index * choices.length + position);
      });
    };
    visit(0, 0);
    return vector;
  });
  return { size, vectors };
}

function checkFigures(figures: readonly Figure[]): void {
  const seen = new Set<string>();
  const dimensions = new Map<string, string>();
  for (const figure of figures) {
    const key = figureKey(figure);
    if (seen.has(key)) throw new LiveRiskError('INTERNAL', `the figure ${key} is given twice`);
    seen.add(key);
    const names = Object.keys(figure.dims).sort().join(',');
    if ((dimensions.get(figure.measure) ?? names) !== names) throw new LiveRiskError('INTERNAL', `the figures of ${figure.measure} name different dimensions`);
    dimensions.set(figure.measure, names);
    if (!Number.isInteger(figure.value) || figure.value < 0) throw new LiveRiskError('INTERNAL', `the figure ${key} is not a count: ${figure.value}`);
  }
}
