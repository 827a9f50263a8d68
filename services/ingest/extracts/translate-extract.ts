import type { Readable } from 'node:stream';
import { csvRecordStream, type CsvSource } from '../../platform/csv';
import { mappedColumns, type ExtractMapping } from './mapping';
import { translateRow, type RowOutcome } from './translate-row';

export type ExtractSource = CsvSource | Readable;

/**
 * An agency's CSV extract, streamed, to one outcome per row: the event, or every reason the row was
 * refused. The first record is the header; columns are found by name, in any order, and columns the
 * mapping does not name are ignored. A header that lacks a mapped column is refused (as line 1) and
 * nothing else is read, since every row would fail the same way. Blank lines are skipped. Memory is
 * one chunk and one row, however long the extract: outcomes are produced as rows arrive.
 */
export async function* translateExtract(input: ExtractSource, mapping: ExtractMapping): AsyncGenerator<RowOutcome> {
  let columns: Map<string, number> | undefined;
  for await (const record of csvRecordStream(input as CsvSource)) {
    if ('error' in record) {
      yield { line: record.line, ok: false, problems: [{ message: record.error }] };
      if (!columns) return;
      continue;
    }
    if (!columns) {
      const header = headerOf(record.fields, mapping);
      if (!header.ok) {
        yield { line: record.line, ok: false, problems: header.problems };
        return;
      }
      columns = header.columns;
      continue;
    }
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (record.fields.length !== columns.size) {
      yield { line: record.line, ok: false, problems: [{ message: `the row has ${record.fields.length} fields and the header ${columns.size}; check for an unquoted comma or a missing field` }] };
      continue;
    }
    const fields = record.fields;
    yield translateRow(mapping, record.line, (column) => {
      const at = columns!.get(column);
      const value = at === undefined ? undefined : fields[at].trim();
      return value === '' ? undefined : value;
    });
  }
}

type Header = { ok: true; columns: Map<string, number> } | { ok: false; problems: Array<{ column?: string; message: string }> };

function headerOf(fields: readonly string[], mapping: ExtractMapping): Header {
  const columns = new Map<string, number>();
  const problems: Array<{ column?: string; message: string }> = [];
  fields.forEach((name, at) => {
    const column = name.trim();
    if (columns.has(column)) problems.push({ column, message: `the header names column "${column}" twice` });
    columns.set(column, at);
  });
  for (const column of mappedColumns(mapping)) {
    if (!columns.has(column)) problems.push({ column, message: `the mapping reads column "${column}", which the header row does not have; correct the mapping or the extract` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns };
}
