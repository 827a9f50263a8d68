import { quoteCsvField } from '../platform/csv';
import { all, type ControlledFigure } from '../disclosure-control';

/**
 * The hot spots as CSV (RFC 4180, header row, LF line ends): one row per area and category, then
 * the totals (`area` or `category` = `all`). A suppressed count is empty with `suppressed` = `yes`.
 *
 *   area,category,incidents,suppressed
 *   BA1,police:DOMESTIC_ABUSE,12,no
 *   BA1,housing:RENT_ARREARS,,yes
 *   all,all,140,no
 */
const csv = (rows: ReadonlyArray<ReadonlyArray<string | number>>) => rows.map((row) => row.map((cell) => quoteCsvField(String(cell))).join(',')).join('\n') + '\n';
const label = (value: string) => (value === all ? 'all' : value);

export function hotspotCsv(figures: readonly ControlledFigure[]): string {
  return csv([
    ['area', 'category', 'incidents', 'suppressed'],
    ...figures.map((figure) => [label(figure.dims.area), label(figure.dims.category), figure.shown ?? '', figure.shown === null ? 'yes' : 'no']),
  ]);
}
