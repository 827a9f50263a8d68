import { escapeForTerminal } from '../platform/terminal';

/**
 * A plain-text table with a header rule, columns as wide as their widest cell. For people, not
 * parsers. Every cell is escaped for the terminal, so a cell can never break a row or hide the rest.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const shownHeaders = headers.map(escapeForTerminal);
  const shownRows = rows.map((row) => row.map(escapeForTerminal));
  const widths = shownHeaders.map((header, column) => Math.max(header.length, ...shownRows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd();
  return [line(shownHeaders), line(widths.map((width) => '-'.repeat(width))), ...shownRows.map(line)].join('\n');
}
