import { escapeHtml } from '../../digest/escape-html';
import { readableDate } from '../../digest/readable-time';
import { renderItem } from '../../digest/render-html';
import type { FamilyAccess, FamilyItem } from '../access';
import { acknowledgement } from './digests';
import { page, type Viewer } from './layout';

/**
 * A family's page: every item the digests have carried about it so far, newest digest first, each
 * rendered as in the digest (one renderer), with whether this practitioner acknowledged it.
 */
export function familyPage(viewer: Viewer, access: FamilyAccess, items: readonly FamilyItem[], acknowledged: ReadonlyMap<string, Date>): string {
  const { family } = access;
  const relation = access.role === 'lead-practitioner' ? 'You are the lead practitioner for this family.' : 'You are covering this family for its lead practitioner.';
  const list = items.length
    ? `<ol class="items">\n${items
        .map(({ item, digestDate }, index) => {
          const note = `<p>In the digest for ${escapeHtml(readableDate(digestDate))}.</p>\n`;
          return renderItem(item, `item-${index + 1}`, note + acknowledgement({ item, at: acknowledged.get(item.matchId), csrfToken: viewer.csrfToken }));
        })
        .join('\n')}\n</ol>`
    : '<p>No digest has carried anything about this family yet.</p>';
  return page(
    `Family ${family.reference}`,
    `<h1>Family ${escapeHtml(family.reference)}</h1>
<p>${relation} <a href="/families/${encodeURIComponent(family.family_id)}/summary">What we hold about this family, and who can see it</a> (a summary you can share with the family).</p>
<h2>Items so far</h2>
${list}`,
    viewer,
  );
}
