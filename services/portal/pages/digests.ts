import type { DigestIssued, DigestItem } from '../../contracts';
import { escapeHtml } from '../../digest/escape-html';
import { readableDate, readableInstant } from '../../digest/readable-time';
import { renderDigestMain } from '../../digest/render-html';
import type { DigestListing } from '../access';
import { csrfField, page, type Viewer } from './layout';

/** "Your digests", newest first, as a table with a caption; each date links to its digest. */
export function homePage(viewer: Viewer, digests: readonly DigestListing[]): string {
  const body =
    digests.length === 0
      ? '<p>You have no digests yet. They are issued every morning at 07:00.</p>'
      : `<table>
<caption>Your digests, newest first</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Items</th></tr></thead>
<tbody>
${digests
  .map((d) => `<tr><td class="text"><a href="/digests/${encodeURIComponent(d.digestId)}">${escapeHtml(readableDate(d.date))}</a></td><td>${d.itemCount}</td></tr>`)
  .join('\n')}
</tbody>
</table>`;
  return page('Your digests', `<h1>Your digests</h1>\n${body}`, viewer);
}

export const acknowledgePath = (digestId: string, matchId: string): string =>
  `/digests/${encodeURIComponent(digestId)}/items/${encodeURIComponent(matchId)}/acknowledge`;

/** Either when the practitioner acknowledged the item, or the form (one button) that does it. */
export function acknowledgement(options: Readonly<{ digestId?: string; item: DigestItem; at?: Date; csrfToken: string }>): string {
  const { item, at } = options;
  if (at) {
    const iso = at.toISOString();
    return `<p class="acknowledged">Acknowledged by you on <time datetime="${escapeHtml(iso)}">${escapeHtml(readableInstant(iso))}</time>.</p>\n`;
  }
  if (!options.digestId) return '<p>Not acknowledged yet.</p>\n';
  return `<form method="post" action="${escapeHtml(acknowledgePath(options.digestId, item.matchId))}" class="acknowledge">
${csrfField(options.csrfToken)}<button type="submit">Acknowledge<span class="visually-hidden"> this item from ${escapeHtml(item.organisation)}</span></button>
</form>\n`;
}

/**
 * The digest exactly as rendered for saving or printing (one renderer), with an acknowledge form
 * under each item and a link to each family's page.
 */
export function digestPage(viewer: Viewer, digest: DigestIssued, acknowledged: ReadonlyMap<string, Date>): string {
  const families = digest.families.length
    ? `<h2>Families in this digest</h2>\n<ul>\n${digest.families
        .map((f) => `<li><a href="/families/${encodeURIComponent(f.familyId)}">Family ${escapeHtml(f.familyReference)}</a></li>`)
        .join('\n')}\n</ul>`
    : '';
  const main = renderDigestMain(digest, {
    itemActions: (item) => acknowledgement({ digestId: digest.digestId, item, at: acknowledged.get(item.matchId), csrfToken: viewer.csrfToken }),
  });
  return page(`Live risk digest for ${readableDate(digest.date)}`, `${main}\n${families}`, viewer);
}
