import type { Knex } from 'knex';
import { describeError } from '../platform/errors';
import type { Needle } from './needles';
import type { Progress } from './search-kafka';
import { notSearched, PlaceTally, type FieldValue, type PlaceReport } from './tally';

/**
 * Every table of every schema in live-risk's database (public, each replay_…, and any other that is
 * not PostgreSQL's own), every column: bytea read as bytes, everything else as its text form (jsonb,
 * dates, numbers and arrays included), so nothing depends on knowing today's tables. Read as the
 * database owner, in one read-only snapshot, through a cursor so a large table never sits in memory.
 */
type TableRef = Readonly<{ schema: string; table: string }>;
type Column = Readonly<{ name: string; bytes: boolean }>;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const fetchSize = 1000;

async function tablesOf(trx: Knex.Transaction): Promise<TableRef[]> {
  // r: tables (a partitioned table's rows are in its partitions, also r), m: materialized views.
  const { rows } = await trx.raw(
    `select n.nspname as schema, c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
      order by 1, 2`,
  );
  return rows;
}

async function columnsOf(trx: Knex.Transaction, ref: TableRef): Promise<Column[]> {
  const { rows } = await trx.raw(
    `select a.attname as name, a.atttypid = 'bytea'::regtype as bytes from pg_attribute a
      where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [`${quote(ref.schema)}.${quote(ref.table)}`],
  );
  return rows;
}

async function searchTable(trx: Knex.Transaction, ref: TableRef, needles: readonly Needle[]): Promise<PlaceReport> {
  const tally = new PlaceTally(needles, 'database', `table ${ref.schema}.${ref.table}`, 'rows');
  const columns = await columnsOf(trx, ref);
  if (columns.length === 0) return tally.report();
  const select = columns.map((column) => (column.bytes ? quote(column.name) : `${quote(column.name)}::text as ${quote(column.name)}`)).join(', ');
  await trx.raw(`declare retention_audit_rows no scroll cursor for select ${select} from ${quote(ref.schema)}.${quote(ref.table)}`);
  for (;;) {
    const { rows } = (await trx.raw(`fetch ${fetchSize} from retention_audit_rows`)) as { rows: Array<Record<string, FieldValue>> };
    for (const row of rows) tally.record(row);
    if (rows.length < fetchSize) break;
  }
  await trx.raw('close retention_audit_rows');
  return tally.report();
}

export async function searchDatabase(owner: Knex, databaseName: string, needles: readonly Needle[], progress?: Progress): Promise<PlaceReport[]> {
  try {
    return await owner.transaction(
      async (trx) => {
        const tables = await tablesOf(trx);
        const reports: PlaceReport[] = [];
        progress?.(0, tables.length);
        for (const [index, ref] of tables.entries()) {
          reports.push(await searchTable(trx, ref, needles));
          progress?.(index + 1, tables.length);
        }
        return reports;
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  } catch (error) {
    return [notSearched('database', `database ${databaseName}`, `could not read it as its owner: ${describeError(error)}`, 'rows')];
  }
}
