import type { Knex } from 'knex';
import { rowDifferences, type Difference, type JsonRow } from './compare-rows';
import { pairedRowsSql, tableSpec, type TableSpec } from './compare-tables';

/**
 * `replay --verify`'s comparison, done by PostgreSQL: a full outer join of each table's live and
 * replayed rows on the key, so only the differing rows (the first few of them) come back to us.
 */
export type TableComparison = Readonly<{
  table: string;
  liveRows: number;
  replayedRows: number;
  /** Keys present on either side. */
  compared: number;
  differing: number;
  /** The first differing rows, by key, each as its differences. */
  first: readonly Difference[];
  excluded: readonly string[];
}>;

export async function compareTable(db: Knex | Knex.Transaction, table: string, liveSchema: string, replaySchema: string, limit: number): Promise<TableComparison> {
  const spec = await readSpec(db, table, liveSchema);
  const paired = pairedRowsSql(spec, liveSchema, replaySchema);
  const { rows: [counts] } = await db.raw(`${paired}
    select count(*)::int as compared, count(live)::int as live_rows, count(replayed)::int as replayed_rows,
           count(*) filter (where live is distinct from replayed)::int as differing from paired`);
  const orderBy = spec.key.map((column) => `"${column}"`).join(', ');
  const { rows } = await db.raw(`${paired}
    select live, replayed from paired where live is distinct from replayed order by ${orderBy} limit ?`, [limit]);
  return {
    table,
    liveRows: counts.live_rows,
    replayedRows: counts.replayed_rows,
    compared: counts.compared,
    differing: counts.differing,
    first: (rows as Array<{ live: JsonRow | null; replayed: JsonRow | null }>).flatMap((row) => rowDifferences(spec.key, row.live, row.replayed)),
    excluded: Object.keys(spec.rule.excluded ?? {}),
  };
}

async function readSpec(db: Knex | Knex.Transaction, table: string, schema: string): Promise<TableSpec> {
  const { rows: columns } = await db.raw(
    'select column_name from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position',
    [schema, table],
  );
  const { rows: key } = await db.raw(
    `select a.attname as column_name from pg_index i
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`,
    [schema, table],
  );
  return tableSpec(table, key.map((row: { column_name: string }) => row.column_name), columns.map((row: { column_name: string }) => row.column_name));
}
