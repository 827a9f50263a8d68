import type { Knex } from 'knex';
import { chunks } from '../platform/chunks';
import { isSensitiveColumn, pseudonymiseColumn } from './personal-data';
import type { Pseudonymiser } from './pseudonymise';

/**
 * Rewrites every table of a replay schema in place with pseudonyms, in one transaction, so what an
 * analyst queries there names nobody. Sensitive columns of other types (a date of birth) become
 * text first: a pseudonym is not a date. Tables that hold only positions and our own metadata are
 * left alone.
 */
const untouched = new Set(['consumer_offsets', 'replay_info', 'knex_migrations', 'knex_migrations_lock']);
const textTypes = new Set(['text', 'character varying', 'jsonb', 'json']);
const batchSize = 500;

type Column = { table_name: string; column_name: string; data_type: string };

export async function pseudonymiseSchema(db: Knex, schema: string, pseudonymiser: Pseudonymiser): Promise<number> {
  const { rows } = await db.raw(
    `select c.table_name, c.column_name, c.data_type from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = ? order by c.table_name, c.ordinal_position`,
    [schema],
  );
  const byTable = new Map<string, Column[]>();
  for (const column of rows as Column[]) {
    if (untouched.has(column.table_name)) continue;
    if (!textTypes.has(column.data_type) && !isSensitiveColumn(column.column_name)) continue;
    byTable.set(column.table_name, [...(byTable.get(column.table_name) ?? []), column]);
  }
  let rewritten = 0;
  await db.transaction(async (trx) => {
    for (const [table, columns] of byTable) rewritten += await pseudonymiseTable(trx, schema, table, columns, pseudonymiser);
  });
  return rewritten;
}

async function pseudonymiseTable(trx: Knex.Transaction, schema: string, table: string, columns: Column[], pseudonymiser: Pseudonymiser): Promise<number> {
  const target = `"${schema}"."${table}"`;
  for (const column of columns.filter((c) => !textTypes.has(c.data_type))) {
    await trx.raw(`alter table ${target} alter column "${column.column_name}" type text using "${column.column_name}"::text`);
    column.data_type = 'text';
  }
  const names = columns.map((column) => `"${column.column_name}"`);
  const { rows } = await trx.raw(`select ctid::text as row_ctid, ${names.join(', ')} from ${target}`);
  const casts = columns.map((column) => (column.data_type.startsWith('json') ? `::${column.data_type}` : ''));
  for (const batch of chunks(rows as Array<Record<string, unknown>>, batchSize)) {
    const bindings = batch.flatMap((row) => [
      row.row_ctid,
      ...columns.map((column) => {
        const value = pseudonymiseColumn(pseudonymiser, column.column_name, row[column.column_name]);
        if (value === null || value === undefined) return null;
        return column.data_type.startsWith('json') ? JSON.stringify(value) : value;
      }),
    ]);
    const tuple = `(${['?', ...columns.map(() => '?')].join(', ')})`;
    await trx.raw(
      `update ${target} as t set ${names.map((name, index) => `${name} = v.${name}${casts[index]}`).join(', ')}
         from (values ${batch.map(() => tuple).join(', ')}) as v(row_ctid, ${names.join(', ')})
        where t.ctid = v.row_ctid::tid`,
      bindings as Knex.RawBinding[],
    );
  }
  return rows.length;
}
