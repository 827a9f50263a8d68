import type { Knex } from 'knex';
import type { DigestIssued } from '../contracts';
import { describeError } from '../platform/errors';
import type { Policy } from '../policy';
import { acknowledgedBy, digestsOf, familyItems, type FamilyAccess, type FamilyRow } from '../portal/access';
import { digestPage, homePage } from '../portal/pages/digests';
import { familyPage } from '../portal/pages/family';
import { familySummaryPage } from '../portal/pages/family-summary';
import { familySummary } from '../portal/summary-store';
import { htmlText } from './fold';
import type { Needle } from './needles';
import type { Progress } from './search-kafka';
import { notSearched, PlaceTally, type PlaceReport } from './tally';

/**
 * The portal's pages as a practitioner would get them, rendered by the portal's own page functions
 * from what the database holds now (no server is started and no view is recorded in the audit log):
 * each practitioner's list of digests, every digest as the practitioner it was issued to sees it,
 * and each family's page and summary as its lead practitioner (or, with no lead, whoever covers
 * it) sees them. A covering practitioner sees no more than the lead, so nothing is missed.
 * Searched as text the reader sees (tags out, entities decoded); the location is the page's path.
 */
const viewerOf = (name: string) => ({ name, csrfToken: '-' });

async function searchDigestPages(db: Knex, home: PlaceTally, digests: PlaceTally): Promise<void> {
  const practitioners: Array<{ practitioner_id: string; name: string }> = await db('practitioners').select('practitioner_id', 'name').orderBy('practitioner_id');
  for (const practitioner of practitioners) {
    home.record({ page: htmlText(homePage(viewerOf(practitioner.name), await digestsOf(db, practitioner.practitioner_id))) }, `/ as ${practitioner.practitioner_id}`);
  }
  const names = new Map(practitioners.map((p) => [p.practitioner_id, p.name]));
  const rows: Array<{ digest_id: string; practitioner_id: string; payload: DigestIssued }> = await db('digests').select('digest_id', 'practitioner_id', 'payload').orderBy('digest_id');
  for (const row of rows) {
    const matchIds = row.payload.families.flatMap((family) => family.items.map((item) => item.matchId));
    const acknowledged = await acknowledgedBy(db, row.practitioner_id, matchIds);
    const html = digestPage(viewerOf(names.get(row.practitioner_id) ?? row.practitioner_id), row.payload, acknowledged);
    digests.record({ page: htmlText(html) }, `/digests/${row.digest_id}`);
  }
}

async function searchFamilyPages(db: Knex, policy: Policy, now: Date, families: PlaceTally, summaries: PlaceTally): Promise<void> {
  const rows: FamilyRow[] = await db('families').select().orderBy('family_id');
  for (const family of rows) {
    let viewer: { practitioner_id: string; name: string } | undefined;
    let role: FamilyAccess['role'] = 'lead-practitioner';
    if (family.practitioner_id) {
      viewer = await db('practitioners').where({ practitioner_id: family.practitioner_id }).first('practitioner_id', 'name');
    } else {
      role = 'covering-practitioner';
      viewer = await db('family_cover as c')
        .join('practitioners as p', 'p.practitioner_id', 'c.practitioner_id')
        .where('c.family_id', family.family_id)
        .andWhere('c.valid_from', '<=', now)
        .andWhere((q) => q.whereNull('c.valid_until').orWhere('c.valid_until', '>', now))
        .first('p.practitioner_id', 'p.name');
    }
    // A family nobody leads or covers has no page anyone can open.
    if (!viewer) continue;
    const access: FamilyAccess = { family, role };
    const items = await familyItems(db, access, policy, now);
    const acknowledged = await acknowledgedBy(db, viewer.practitioner_id, items.map(({ item }) => item.matchId));
    families.record({ page: htmlText(familyPage(viewerOf(viewer.name), access, items, acknowledged)) }, `/families/${family.family_id}`);
    const summary = await familySummary(db, access, policy, now);
    summaries.record({ page: htmlText(familySummaryPage(viewerOf(viewer.name), summary)) }, `/families/${family.family_id}/summary`);
  }
}

export async function searchPortal(db: Knex, policy: Policy, needles: readonly Needle[], now: Date, progress?: Progress): Promise<PlaceReport[]> {
  const home = new PlaceTally(needles, 'portal', 'portal: each practitioner’s list of digests', 'pages');
  const digests = new PlaceTally(needles, 'portal', 'portal: digest pages', 'pages');
  const families = new PlaceTally(needles, 'portal', 'portal: family pages', 'pages');
  const summaries = new PlaceTally(needles, 'portal', 'portal: family summaries', 'pages');
  try {
    progress?.(0, 2);
    await searchDigestPages(db, home, digests);
    progress?.(1, 2);
    await searchFamilyPages(db, policy, now, families, summaries);
    progress?.(2, 2);
  } catch (error) {
    return [notSearched('portal', 'portal pages', `could not render them from the database: ${describeError(error)}`, 'pages')];
  }
  return [home, digests, families, summaries].map((tally) => tally.report());
}
