import { riskLevels, type DigestItem, type DigestIssued, type FamilyDigest } from '../contracts';
import { digestTotals, isEmptyDigest, levelLabel, type DigestTotals } from './digest-totals';
import { disclosureSentence, itemHeading, safeguardingMarker } from './disclosure-words';
import { escapeHtml } from './escape-html';
import { readableDate, readableInstant } from './readable-time';
import { digestCss } from './render-html-style';
import { toLocalIso, windowHours } from './window';

/**
 * The digest as one accessible HTML page, for the portal and for saving or printing: one <h1>, a
 * <h2> per family in the order given (most urgent first), each item an <article> whose level is
 * written as a word as well as coloured. Every value is escaped, because summaries and
 * organisation names come from other organisations' systems.
 */
export type RenderHtmlOptions = Readonly<{
  portalUrl?: string;
  /** Trusted HTML added at the end of each item (the portal's acknowledge form); the caller escapes what it puts in. */
  itemActions?: (item: DigestItem) => string;
}>;

const timingText: Readonly<Record<DigestItem['timing'], string | null>> = {
  new: null,
  late: 'Late: reported before your last digest but received after it.',
  history: 'History: an older event newly linked to this family. Background, not a new risk.',
};

/** A readable local time that machines (and screen readers' date handling) can read too. */
const time = (iso: string): string =>
  `<time datetime="${escapeHtml(toLocalIso(iso))}">${escapeHtml(readableInstant(iso))}</time>`;

const badge = (level: DigestItem['riskLevel']): string =>
  `<span class="level level-${level}">${levelLabel[level]}</span>`;

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

type Row = [string, string];

/**
 * One item as an <li><article>, with `id` on its heading. Only what the sharing policy let through:
 * an existence-only item has no dates, area or link reasons. Exported for the portal's family page.
 */
export function renderItem(item: DigestItem, id: string, actions = ''): string {
  const timing = timingText[item.timing];
  const shared = disclosureSentence(item.disclosure);
  const withoutConsent = item.disclosure?.withoutConsent;
  const rows: Row[] = [
    ['Risk level', levelLabel[item.riskLevel]],
    ...(shared ? ([['Shared', escapeHtml(shared)]] as Row[]) : []),
    ...(item.disclosure?.contact ? ([['For details contact', escapeHtml(item.disclosure.contact)]] as Row[]) : []),
    ['Source', `${escapeHtml(item.organisation)} (${escapeHtml(item.agency)})`],
    ...(item.occurredAt ? ([['Occurred', time(item.occurredAt)]] as Row[]) : []),
    ...(item.reportedAt ? ([['Reported', time(item.reportedAt)]] as Row[]) : []),
    ...(item.area !== undefined ? ([['Area', escapeHtml(item.area)]] as Row[]) : []),
    ...(item.summary !== undefined ? ([['Summary', escapeHtml(item.summary)]] as Row[]) : []),
    ['Why rated', `${escapeHtml(item.ratedBecause)} (rule ${escapeHtml(item.rule.id)}, version ${escapeHtml(item.rule.version)})`],
    ...(item.whyMatched !== undefined ? ([['Why linked to this family', escapeHtml(item.whyMatched)]] as Row[]) : []),
  ];
  const marker = withoutConsent
    ? `<p class="without-consent"><strong>${safeguardingMarker}.</strong> Justification: ${escapeHtml(withoutConsent.justification)}</p>\n`
    : '';
  return `<li><article class="timing-${item.timing}" aria-labelledby="${id}">
<h3 id="${id}">${badge(item.riskLevel)} ${escapeHtml(itemHeading(item))}</h3>
${marker}${timing ? `<p class="timing">${timing}</p>\n` : ''}<dl>
${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n')}
</dl>
${actions}</article></li>`;
}

function renderFindings(family: FamilyDigest): string {
  if (family.findings.length === 0) return '';
  const findings = family.findings.map(
    (finding) =>
      `<li>${escapeHtml(finding.text)} This raises the family to ${levelLabel[finding.raisesTo].toLowerCase()} ` +
      `(rule ${escapeHtml(finding.rule.id)}, version ${escapeHtml(finding.rule.version)}).</li>`,
  );
  return `<div class="findings">\n<h3>The wider picture</h3>\n<ul>\n${findings.join('\n')}\n</ul>\n</div>\n`;
}

function renderFamily(family: FamilyDigest, index: number, options: RenderHtmlOptions): string {
  const heading = `family-${index + 1}`;
  const items = family.items.map((item, itemIndex) => renderItem(item, `${heading}-item-${itemIndex + 1}`, options.itemActions?.(item)));
  return `<section aria-labelledby="${heading}">
<h2 id="${heading}">Family ${escapeHtml(family.familyReference)}: ${levelLabel[family.riskLevel].toLowerCase()} risk</h2>
<p>${plural(family.items.length, 'item', 'items')}, most urgent first.</p>
${renderFindings(family)}<ol class="items">
${items.join('\n')}
</ol>
</section>`;
}

function renderCounts(totals: DigestTotals): string {
  const rows = riskLevels.map(
    (level) => `<tr><th scope="row">${levelLabel[level]}</th><td>${totals.byLevel[level]}</td></tr>`,
  );
  const notes = [
    totals.late > 0 ? `${plural(totals.late, 'item', 'items')} arrived late and ${totals.late === 1 ? 'is' : 'are'} included above.` : '',
    totals.history > 0
      ? `${plural(totals.history, 'older event', 'older events')} newly linked to your families ${totals.history === 1 ? 'is' : 'are'} shown as background and not counted.`
      : '',
  ].filter((note) => note !== '');
  return `<table>
<caption>New items by risk level</caption>
<thead><tr><th scope="col">Risk level</th><th scope="col">Items</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
<tfoot><tr><th scope="row">Total</th><td>${totals.live}</td></tr></tfoot>
</table>
${notes.map((note) => `<p>${note}</p>`).join('\n')}`;
}

/** The page's content, from its <h1> to its footer: the portal puts it in its own layout. */
export function renderDigestMain(digest: DigestIssued, options: RenderHtmlOptions = {}): string {
  const totals = digestTotals(digest);
  const day = readableDate(digest.date);
  const body = isEmptyDigest(totals)
    ? '<p class="nothing-new">Nothing new for your families since your last digest.</p>'
    : [
        renderCounts(totals),
        ...(totals.live === 0 ? ['<p class="nothing-new">No new risks since your last digest.</p>'] : []),
        ...digest.families.map((family, index) => renderFamily(family, index, options)),
      ].join('\n');
  const portal = options.portalUrl
    ? `<p><a href="${escapeHtml(`${options.portalUrl}/digests/${encodeURIComponent(digest.digestId)}`)}">Open this digest in the live risk portal</a></p>\n`
    : '';
  return `<h1>Live risk digest for ${escapeHtml(day)}</h1>
<p>For ${escapeHtml(digest.practitionerName)}. Events reported from ${time(digest.window.from)} to ${time(digest.window.to)}
(${windowHours(digest.window)} hours), and received before ${time(digest.cutOff)}. Times are UK local time.</p>
${body}
<footer>
${portal}<p>Rated with rule set version ${escapeHtml(digest.ruleSetVersion)}.${
    digest.policyVersion ? ` Shared under sharing policy version ${escapeHtml(digest.policyVersion)}.` : ''
  } Generated ${time(digest.generatedAt)}.
Digest ${escapeHtml(digest.digestId)}.</p>
<p>This page contains personal and sensitive information about families. Do not forward it.</p>
</footer>`;
}

export function renderDigestHtml(digest: DigestIssued, options: RenderHtmlOptions = {}): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live risk digest for ${escapeHtml(readableDate(digest.date))}</title>
<style>${digestCss}</style>
</head>
<body>
<main>
${renderDigestMain(digest, options)}
</main>
</body>
</html>
`;
}
