import { gridFigures, suppressSmallNumbers, type ControlledFigure, type SuppressionRule } from '../disclosure-control';
import type { HotspotCount } from './hotspot-counts';

/**
 * The hot-spot table (areas × categories, with totals per area, per category and overall) after
 * small-number suppression; a category is `agency:CODE`. Areas and categories with no incident are
 * left out (a row of zeros says nothing). Pure.
 */
export type HotspotTable = Readonly<{ areas: readonly string[]; categories: readonly string[]; figures: readonly ControlledFigure[] }>;

export const categoryKey = (count: Pick<HotspotCount, 'agency' | 'category'>) => `${count.agency}:${count.category}`;

export function hotspotTable(counts: readonly HotspotCount[], rule: SuppressionRule): HotspotTable {
  const areas = [...new Set(counts.map((count) => count.area))].sort(byArea);
  const categories = [...new Set(counts.map(categoryKey))].sort();
  const value = new Map(counts.map((count) => [`${count.area}|${categoryKey(count)}`, count.count]));
  const figures = gridFigures({
    measure: 'incidents', rows: { dimension: 'area', values: areas }, columns: { dimension: 'category', values: categories },
    count: (area, category) => value.get(`${area}|${category}`) ?? 0,
  });
  return { areas, categories, figures: suppressSmallNumbers(figures, rule) };
}

/** LS2 before LS10: letters, then the district number as a number, then the rest. */
function byArea(a: string, b: string): number {
  const parts = (area: string) => /^([A-Z]+)(\d+)(.*)$/.exec(area) ?? ['', area, '0', ''];
  const [, letterA, numberA, restA] = parts(a);
  const [, letterB, numberB, restB] = parts(b);
  return letterA.localeCompare(letterB) || Number(numberA) - Number(numberB) || restA.localeCompare(restB);
}
