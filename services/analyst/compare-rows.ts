import { pseudonymiseColumn, pseudonymiseJson } from './personal-data';
import type { Pseudonymiser } from './pseudonymise';

/**
 * Pure half of `replay --verify`: given a live row and its replayed counterpart (either may be
 * missing), what differs, and how to say it without naming anyone. Rows arrive as JSON objects
 * (PostgreSQL's to_jsonb), so a timestamp is its ISO text and a jsonb column a nested object.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonRow = Readonly<Record<string, Json>>;

export type Difference =
  | Readonly<{ kind: 'only-live' | 'only-replayed'; key: Readonly<Record<string, Json>> }>
  | Readonly<{ kind: 'value'; key: Readonly<Record<string, Json>>; column: string; path: string; field: string; live: Json | undefined; replayed: Json | undefined }>;

/** Every differing column of one row (a jsonb column: its first differing field), or that the row is on one side only. */
export function rowDifferences(keyColumns: readonly string[], live: JsonRow | null, replayed: JsonRow | null): Difference[] {
  const either = (live ?? replayed) as JsonRow;
  const key = Object.fromEntries(keyColumns.map((column) => [column, either[column]]));
  if (!live) return [{ kind: 'only-replayed', key }];
  if (!replayed) return [{ kind: 'only-live', key }];
  const columns = [...new Set([...Object.keys(live), ...Object.keys(replayed)])].sort();
  const differences: Difference[] = [];
  for (const column of columns) {
    const found = firstDifference(live[column], replayed[column], column, column);
    if (found) differences.push({ kind: 'value', key, column, ...found });
  }
  return differences;
}

type Found = { path: string; field: string; live: Json | undefined; replayed: Json | undefined };

/** Depth-first, keys in sorted order, so the same two rows always name the same first difference. */
function firstDifference(live: Json | undefined, replayed: Json | undefined, path: string, field: string): Found | undefined {
  if (isObject(live) && isObject(replayed)) {
    for (const key of [...new Set([...Object.keys(live), ...Object.keys(replayed)])].sort()) {
      const found = firstDifference(live[key], replayed[key], `${path}.${key}`, key);
      if (found) return found;
    }
    return undefined;
  }
  if (Array.isArray(live) && Array.isArray(replayed)) {
    for (let index = 0; index < Math.max(live.length, replayed.length); index += 1) {
      const found = firstDifference(live[index], replayed[index], `${path}[${index}]`, field);
      if (found) return found;
    }
    return undefined;
  }
  return JSON.stringify(live) === JSON.stringify(replayed) ? undefined : { path, field, live, replayed };
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One line per difference, e.g.
 *   members member_id=member-0a1b2c3d4e5f given_name: live person-…, replayed person-…
 * Key and values are pseudonymised unless `pseudonymiser` is null (`--raw`, audited by the caller).
 */
export function describeDifference(table: string, difference: Difference, pseudonymiser: Pseudonymiser | null): string {
  const show = (column: string, value: Json | undefined, field = column, nested = false): string => {
    if (value === undefined) return '(absent)';
    if (value === null) return 'null';
    if (!pseudonymiser) return JSON.stringify(value);
    const hidden = nested ? pseudonymiseJson(pseudonymiser, value, field) : pseudonymiseColumn(pseudonymiser, column, value);
    return JSON.stringify(hidden);
  };
  const key = Object.entries(difference.key)
    .map(([column, value]) => `${column}=${show(column, value)}`)
    .join(' ');
  switch (difference.kind) {
    case 'only-live':
      return `${table} ${key}: only in the live projection`;
    case 'only-replayed':
      return `${table} ${key}: only in the replay`;
    case 'value': {
      const nested = difference.path !== difference.column;
      return `${table} ${key} ${difference.path}: live ${show(difference.column, difference.live, difference.field, nested)}, replayed ${show(difference.column, difference.replayed, difference.field, nested)}`;
    }
  }
}
