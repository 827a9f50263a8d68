import type { Knex } from 'knex';

/**
 * The demo's Operation Encompass line: how many notifications went to which school (by URN) or to
 * the council's team for home-educated children, and how many were withheld or undeliverable.
 * Counts only: no child, no family, no police reference.
 */
export type EncompassCounts = ReadonlyMap<string, number>;

const councilTeam = 'the council team (home-educated)';

export async function encompassCounts(db: Knex): Promise<EncompassCounts> {
  const rows: Array<{ status: string; recipient_kind: string | null; school_urn: string | null; n: string }> = await db('encompass_notifications')
    .groupBy('status', 'recipient_kind', 'school_urn')
    .select('status', 'recipient_kind', 'school_urn')
    .count({ n: '*' });
  const counts = new Map<string, number>();
  for (const row of rows) {
    const to = row.status !== 'notified' ? row.status : row.recipient_kind === 'school' ? `school ${row.school_urn}` : councilTeam;
    counts.set(to, (counts.get(to) ?? 0) + Number(row.n));
  }
  return counts;
}

/** "2 Encompass notifications: 2 to school 990101" for what changed between two counts; undefined when nothing did. */
export function describeEncompass(before: EncompassCounts, after: EncompassCounts, schoolName: (urn: string) => string | undefined = () => undefined): string | undefined {
  const changed = [...after]
    .map(([to, n]) => [to, n - (before.get(to) ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const sent = changed.filter(([to]) => to.startsWith('school ') || to === councilTeam);
  const others = changed.filter(([to]) => !sent.some(([s]) => s === to));
  if (changed.length === 0) return undefined;
  const named = (to: string) => {
    const name = to.startsWith('school ') ? schoolName(to.slice('school '.length)) : undefined;
    return name ? `${to} (${name})` : to;
  };
  const total = sent.reduce((sum, [, n]) => sum + n, 0);
  return (
    `${total} Operation Encompass notification${total === 1 ? '' : 's'}${sent.length ? `: ${sent.map(([to, n]) => `${n} to ${named(to)}`).join(', ')}` : ''}` +
    (others.length ? `; ${others.map(([status, n]) => `${n} ${status}`).join(', ')}` : '')
  );
}
