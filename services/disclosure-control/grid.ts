import { LiveRiskError } from '../platform/errors';
import { all, figureKey, type Figure } from './figures';

/**
 * The figures of a table with totals: every cell, every row and column total and the grand total,
 * named by the dimensions of the rows and columns. `fixed` dimensions are the same for the whole
 * table (e.g. `outcome: *` for a table of events per agency). Pure.
 *
 *             | agency=police | agency=health | agency=*
 *   month=03  |       12      |       4       |    16
 *   month=*   |       12      |       4       |    16
 */
export type GridSpec = Readonly<{
  measure: string;
  rows: Readonly<{ dimension: string; values: readonly string[] }>;
  columns?: Readonly<{ dimension: string; values: readonly string[] }>;
  fixed?: Readonly<Record<string, string>>;
  /** Whether to add the totals over rows (a period total over months). Off for counts that do not add up, like families supported per month. */
  rowTotals?: boolean;
  count: (row: string, column?: string) => number;
}>;

export function gridFigures(spec: GridSpec): Figure[] {
  const rows = [...spec.rows.values, ...(spec.rowTotals === false ? [] : [all])];
  const columns = spec.columns ? [...spec.columns.values, all] : [undefined];
  const figures: Figure[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const cells = (row === all ? spec.rows.values : [row]).flatMap((r) =>
        column === all && spec.columns ? spec.columns.values.map((c) => spec.count(r, c)) : [spec.count(r, column)],
      );
      figures.push({
        measure: spec.measure,
        dims: { ...spec.fixed, [spec.rows.dimension]: row, ...(spec.columns ? { [spec.columns.dimension]: column ?? all } : {}) },
        value: cells.reduce((sum, value) => sum + value, 0),
      });
    }
  }
  return figures;
}

/**
 * Figures of several tables of one measure, each once: tables that share a margin (events per
 * agency and events per outcome share the monthly totals) must suppress it alike, so it is one figure.
 */
export function uniqueFigures(figures: readonly Figure[]): Figure[] {
  const byKey = new Map<string, Figure>();
  for (const figure of figures) {
    const key = figureKey(figure);
    const earlier = byKey.get(key);
    if (earlier && earlier.value !== figure.value) throw new LiveRiskError('INTERNAL', `two tables disagree on ${key}: ${earlier.value} and ${figure.value}`);
    byKey.set(key, figure);
  }
  return [...byKey.values()];
}
