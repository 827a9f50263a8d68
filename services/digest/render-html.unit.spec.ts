import { digestIssued, digestItem, familyDigest } from './digest-fixture';
import { renderDigestHtml } from './render-html';

const headingLevels = (html: string): number[] => [...html.matchAll(/<h([1-6])\b/g)].map((match) => Number(match[1]));

describe('the HTML digest', () => {
  it('is a complete English (UK) document with one h1 and a meaningful title', () => {
    const html = renderDigestHtml(digestIssued([familyDigest([digestItem()])]));

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en-GB">');
    expect(html).toContain('<title>Live risk digest for Saturday 21 November 2026</title>');
    expect(headingLevels(html).filter((level) => level === 1)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
  });

  it('turns markup in agency-supplied values into inert text', () => {
    const hostile = digestItem({
      summary: '<script>alert("x")</script> & more',
      organisation: 'Police <img src=x onerror=alert(1)>',
      whyMatched: '"quoted" \'single\'',
    });
    const html = renderDigestHtml(digestIssued([familyDigest([hostile], { familyReference: '<b>SF-1</b>' })]));

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>SF-1</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39;');
  });

  it('keeps families and items in the order it is given', () => {
    const first = familyDigest([
      digestItem({ matchId: 'a', categoryLabel: 'Alpha category' }),
      digestItem({ matchId: 'b', categoryLabel: 'Beta category', riskLevel: 'low' }),
    ], { familyReference: 'SF-ZULU' });
    const second = familyDigest([digestItem({ matchId: 'c', categoryLabel: 'Gamma category' })], { familyReference: 'SF-ALPHA' });
    const html = renderDigestHtml(digestIssued([first, second]));

    const order = ['SF-ZULU', 'Alpha category', 'Beta category', 'SF-ALPHA', 'Gamma category'].map((text) => html.indexOf(text));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('says in words when an item arrived late or is history', () => {
    const html = renderDigestHtml(
      digestIssued([familyDigest([digestItem({ timing: 'late' }), digestItem({ matchId: 'h', timing: 'history' })])]),
    );

    expect(html).toContain('Late: reported before your last digest but received after it.');
    expect(html).toContain('History: an older event newly linked to this family. Background, not a new risk.');
    expect(html).toContain('1 item arrived late and is included above.');
    expect(html).toContain('1 older event newly linked to your families is shown as background and not counted.');
  });

  it('gives each item its level in words, source, readable local times and why it was rated and linked', () => {
    const html = renderDigestHtml(digestIssued([familyDigest([digestItem({ occurredAt: '2026-03-29T00:30:00Z', reportedAt: '2026-03-29T02:30:00+01:00' })])]));

    expect(html).toContain('<span class="level level-high">High</span> Domestic abuse incident');
    expect(html).toContain('Avon and Wessex Police (police)');
    expect(html).toContain('<time datetime="2026-03-29T00:30:00+00:00">Sun 29 Mar 2026, 00:30 GMT</time>');
    expect(html).toContain('<time datetime="2026-03-29T02:30:00+01:00">Sun 29 Mar 2026, 02:30 BST</time>');
    expect(html).toContain('Police report a domestic abuse incident (rule police.domestic-abuse, version 2026.1)');
    expect(html).toContain('Name and date of birth match Rhiannon Quillfeather');
  });

  it('nests headings without skipping a level: h1, then h2 per family, then h3 inside', () => {
    const family = familyDigest([digestItem(), digestItem({ matchId: 'm-2' })], {
      findings: [{ rule: { id: 'wider.two-agencies', version: '2026.1' }, raisesTo: 'high', text: 'Police and housing both reported this family within 7 days.' }],
    });
    const html = renderDigestHtml(digestIssued([family, familyDigest([digestItem({ matchId: 'm-3' })])]));

    expect(headingLevels(html)).toEqual([1, 2, 3, 3, 3, 2, 3]);
    expect(html).toContain('<h2 id="family-1">Family SF-QUILL-77: high risk</h2>');
    expect(html).toContain('Police and housing both reported this family within 7 days. This raises the family to high');
  });

  it('summarises the counts in a table with a caption and header scopes', () => {
    const html = renderDigestHtml(digestIssued([familyDigest([digestItem(), digestItem({ matchId: 'm-2', riskLevel: 'medium' })])]));

    expect(html).toContain('<caption>New items by risk level</caption>');
    expect(html).toContain('<th scope="col">Risk level</th>');
    expect(html).toContain('<tr><th scope="row">High</th><td>1</td></tr>');
    expect(html).toContain('<tr><th scope="row">Medium</th><td>1</td></tr>');
    expect(html).toContain('<tfoot><tr><th scope="row">Total</th><td>2</td></tr></tfoot>');
  });

  it('says nothing is new for an empty digest, with no table and no family headings', () => {
    const html = renderDigestHtml(digestIssued([]));

    expect(html).toContain('Nothing new for your families since your last digest.');
    expect(html).not.toContain('<table');
    expect(headingLevels(html)).toEqual([1]);
  });

  it('links to the digest in the portal when given its address', () => {
    const html = renderDigestHtml(digestIssued([]), { portalUrl: 'https://portal.example' });

    expect(html).toContain('href="https://portal.example/digests/d-0123456789abcdef0123456789abcdef"');
  });
});
