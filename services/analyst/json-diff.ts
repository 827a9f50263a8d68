/**
 * Where two JSON documents differ, as paths such as `families[0].items[1].riskLevel`: how a
 * reproduced digest is checked against the stored one. Key order is ignored (jsonb re-orders keys);
 * array order is not (a digest's order is part of what it said). Pure.
 */
export type JsonDifference = Readonly<{ path: string; stored: unknown; reproduced: unknown }>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonDifferences(stored: unknown, reproduced: unknown, limit = 10): JsonDifference[] {
  const found: JsonDifference[] = [];
  // A JSON round trip drops undefined fields, exactly as publishing the digest did.
  walk(normalise(stored), normalise(reproduced), '', found, limit);
  return found;
}

const normalise = (value: unknown): Json | undefined => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as Json));

function walk(a: Json | undefined, b: Json | undefined, path: string, found: JsonDifference[], limit: number): void {
  if (found.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) walk(a[index], b[index], `${path}[${index}]`, found, limit);
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, found, limit);
    return;
  }
  if (a !== b) found.push({ path: path || '(whole document)', stored: a, reproduced: b });
}

const isObject = (value: Json | undefined): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The name of the field a path ends in (an array item's field is its array's), for choosing a pseudonym. */
export function lastField(path: string): string {
  const match = /([A-Za-z][A-Za-z0-9]*)(\[\d+\])*$/.exec(path);
  return match?.[1] ?? '';
}
