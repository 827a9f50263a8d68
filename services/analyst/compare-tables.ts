/**
 * How each projection table is compared between the live schema and a replay. By default a row is
 * identified by the table's primary key and every column is compared. The rules below are the only
 * exceptions; each says why the column cannot be the same in two runs over the same history. Never
 * add one to make a real difference go away: fix the projection instead.
 */
export type TableRule = Readonly<{
  /** Replace a surrogate key with the row's position among rows sharing `within`, ordered by `by`. */
  ordinal?: Readonly<{ within: string; by: string }>;
  /** Columns not compared, each with the reason. */
  excluded?: Readonly<Record<string, string>>;
}>;

const surrogateId =
  'a bigserial: its value depends on how the three cohort partitions interleaved in this run and on how many ids the sequence gave out before. ' +
  "Rows are matched by their position within the family instead, which is deterministic: a family's events share a partition and keep their order";

export const tableRules: Readonly<Record<string, TableRule>> = {
  family_addresses: { ordinal: { within: 'family_id', by: 'id' }, excluded: { id: surrogateId } },
  consent_history: { ordinal: { within: 'family_id', by: 'id' }, excluded: { id: surrogateId } },
  members: {
    excluded: {
      change_seq:
        "the matcher's change cursor (nextval of cohort_change_seq at each write), not a fact of the history: it records the order writes " +
        'happened in this database, across interleaved partitions, so that the matcher can ask for what changed since it last looked',
    },
  },
};

export type TableSpec = Readonly<{ table: string; key: readonly string[]; columns: readonly string[]; rule: TableRule }>;

/**
 * The SQL that pairs a table's rows across two schemas on the key: one row per key in either, with
 * each side as JSON (null where the row is missing). Identifiers come from the catalogue and our own
 * schema names (validated), never from input, and are quoted anyway.
 */
export function pairedRowsSql(spec: TableSpec, liveSchema: string, replaySchema: string): string {
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = spec.columns.map(quote).join(', ');
  const ordinal = spec.rule.ordinal
    ? `, row_number() over (partition by ${quote(spec.rule.ordinal.within)} order by ${quote(spec.rule.ordinal.by)}) as ordinal`
    : '';
  const side = (schema: string) => `select ${columns}${ordinal} from ${quote(schema)}.${quote(spec.table)}`;
  const key = spec.key.map(quote).join(', ');
  return `with l as (${side(liveSchema)}), r as (${side(replaySchema)}), paired as (
    select ${key}, to_jsonb(l) as live, to_jsonb(r) as replayed from l full join r using (${key}))`;
}

/** The key and the compared columns of a table, from its primary key and its columns in the catalogue. */
export function tableSpec(table: string, primaryKey: readonly string[], allColumns: readonly string[]): TableSpec {
  const rule = tableRules[table] ?? {};
  const excluded = new Set(Object.keys(rule.excluded ?? {}));
  const key = rule.ordinal ? [rule.ordinal.within, 'ordinal'] : [...primaryKey];
  if (key.length === 0) throw new Error(`table ${table} has no primary key: give it a rule in compare-tables.ts`);
  for (const column of key) {
    if (excluded.has(column)) throw new Error(`table ${table}: key column ${column} cannot be excluded`);
  }
  return { table, key, columns: allColumns.filter((column) => !excluded.has(column)), rule };
}
