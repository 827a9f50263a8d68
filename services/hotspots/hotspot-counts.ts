import type { Knex } from 'knex';
import { postcodeArea, type AreaKind } from './postcode-area';

/**
 * Incidents per category and area over a period, read from the projections only:
 *
 * - which incidents: every match (matches, the projection of matches.v1): an agency event linked to a
 *   family we support, counted once per family it concerns, live or found later by re-matching. Events
 *   about no one in the cohort are not counted: their raw agency topics are to be kept only briefly
 *   (issue 14), while matches are kept with the cohort, so the same report can be run again later;
 * - which area: the family's home postcode on the day of the incident (family_addresses), at district or
 *   sector level. matches.v1 carries only the district of the incident's own address, on purpose, so a
 *   sector can only come from the home address; using it for both keeps districts and sectors consistent.
 *   Hot spots say where the families with incidents live, not where the incidents happened;
 * - which period: the incident's occurredAt, London calendar dates from..to inclusive.
 */
export type HotspotCount = Readonly<{ area: string; agency: string; category: string; count: number }>;

export async function hotspotCounts(db: Knex, range: Readonly<{ from: Date; to: Date }>, by: AreaKind): Promise<{ counts: HotspotCount[]; withoutArea: number }> {
  const rows: Array<{ agency: string; category: string; postcode: string | null }> = await db('matches as m')
    .where('m.occurred_at', '>=', range.from)
    .andWhere('m.occurred_at', '<', range.to)
    .select(
      'm.agency',
      'm.category',
      db.raw(`(select fa.postcode from family_addresses fa
                where fa.family_id = m.family_id and (fa.valid_from is null or fa.valid_from <= (m.occurred_at at time zone 'Europe/London')::date)
                order by fa.valid_from desc nulls last, fa.id desc limit 1) as postcode`),
    );
  const counts = new Map<string, HotspotCount>();
  let withoutArea = 0;
  for (const row of rows) {
    const area = row.postcode ? postcodeArea(row.postcode, by) : null;
    if (!area) {
      withoutArea += 1;
      continue;
    }
    const key = `${area}\u0000${row.agency}\u0000${row.category}`;
    const earlier = counts.get(key);
    counts.set(key, { area, agency: row.agency, category: row.category, count: (earlier?.count ?? 0) + 1 });
  }
  return { counts: [...counts.values()], withoutArea };
}
