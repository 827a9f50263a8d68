import type { Knex } from 'knex';

/**
 * Where any of some strings (a person's name, date of birth, identifiers, an agency's event id, raw
 * bytes as base64) appear in PostgreSQL: every table of the schema, every column, as text,
 * case-insensitively. The retention test's own oracle: deliberately simpler than, and independent
 * of, `live-risk retention audit` (services/retention-audit), which the same test also runs, so a
 * fault in the audit's normalisations cannot hide a row this plain search would see.
 */
export type Finding = Readonly<{ table: string; needle: string; rows: number }>;

export async function findInDatabase(db: Knex, needles: readonly string[], schema = 'public'): Promise<Finding[]> {
  const tables: Array<{ table_name: string }> = await db('information_schema.tables')
    .where({ table_schema: schema, table_type: 'BASE TABLE' })
    .whereNotIn('table_name', ['knex_migrations', 'knex_migrations_lock'])
    .orderBy('table_name')
    .select('table_name');
  const findings: Finding[] = [];
  for (const { table_name: table } of tables) {
    for (const needle of needles) {
      // The whole row as text: jsonb, arrays and dates included (a date as YYYY-MM-DD).
      const { rows } = await db.raw(`select count(*)::int as n from ??.?? as r where strpos(lower(r::text), lower(?)) > 0`, [schema, table, needle]);
      if (rows[0].n > 0) findings.push({ table, needle, rows: rows[0].n });
    }
  }
  return findings;
}
