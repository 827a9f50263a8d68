import { createHash } from 'node:crypto';

/** A deterministic id: the same parts always give the same id, so replays and retries de-duplicate. */
export function stableId(prefix: string, ...parts: ReadonlyArray<string | number>): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}
