import { digestIssued, digestItem, familyDigest } from '../../digest/digest-fixture';
import { loadPolicy } from '../../policy';
import { acknowledgement, digestPage, homePage } from './digests';
import { familySummaryPage, type FamilySummary } from './family-summary';
import { notFoundPage, page } from './layout';
import { signInPage, signInRefusal } from './sign-in';

const digestFixture = () =>
  digestIssued([familyDigest([digestItem({ matchId: 'm-1' }), digestItem({ matchId: 'm-2', organisation: 'Wessex <Homes>' })])]);
const viewer = { name: 'Pat <Tester>', csrfToken: 'tok"en' };

describe('portal pages', () => {
  it('start with a skip link to the main content and use one h1, a stylesheet and no script or inline style', () => {
    const html = page('Title', '<h1>Title</h1>', viewer);
    expect(html.indexOf('<a class="skip-link" href="#main">Skip to main content</a>')).toBeLessThan(html.indexOf('<header'));
    expect(html).toMatch(/<main id="main" tabindex="-1">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/portal.css">/);
    expect(html).not.toMatch(/<script|style=|<style/i);
    expect(html.match(/<h1/g)).toHaveLength(1);
  });

  it('escape everything they are given, the practitioner name and the CSRF token included', () => {
    const html = page('A <b>', '<h1>x</h1>', viewer);
    expect(html).toContain('Signed in as Pat &lt;Tester&gt;');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('<title>A &lt;b&gt; – Live risk</title>');
  });

  it('label every sign-in field, and say the same thing whatever went wrong', () => {
    const html = signInPage({ csrfToken: 't', refused: true, practitionerId: '"><script>' });
    // One form for practitioners, school safeguarding leads and council staff: the hint says which id is whose.
    expect(html).toMatch(/<label for="practitioner-id">User id<\/label>\n<p class="hint" id="practitioner-id-hint">Practitioners: your id in the cohort[^<]*School safeguarding leads[^<]*<\/p>\n<input type="text" id="practitioner-id"[^>]*aria-describedby="practitioner-id-hint error-summary-title"/);
    expect(html).toMatch(/<label for="password">Password<\/label>\n<input type="password" id="password" name="password" autocomplete="current-password">/);
    expect(html).toContain('role="alert"');
    expect(html).toContain(signInRefusal.replace(/'/g, '&#39;'));
    expect(html).not.toContain('"><script>');
  });

  it('list digests newest first in a table with a caption', () => {
    const html = homePage(viewer, [{ digestId: 'd-2', date: '2026-03-30', itemCount: 2 }, { digestId: 'd/1', date: '2026-03-29', itemCount: 0 }]);
    expect(html).toMatch(/<caption>Your digests, newest first<\/caption>/);
    expect(html).toMatch(/<th scope="col">Date<\/th>/);
    expect(html.indexOf('d-2')).toBeLessThan(html.indexOf('d%2F1'));
  });

  it('render a digest with the digest renderer, an acknowledge form per item, and acknowledged items marked', () => {
    const digest = digestFixture();
    const acknowledgedId = digest.families[0].items[0].matchId;
    const html = digestPage(viewer, digest, new Map([[acknowledgedId, new Date('2026-03-29T08:15:00Z')]]));
    const items = digest.families.flatMap((family) => family.items);
    expect(html.match(/<form method="post" action="\/digests\/[^"]+\/items\/[^"]+\/acknowledge" class="acknowledge">/g)).toHaveLength(items.length - 1);
    expect(html).toContain('Acknowledged by you on <time datetime="2026-03-29T08:15:00.000Z">Sun 29 Mar 2026, 09:15 BST</time>.');
    expect(html).toMatch(/<dt>Source<\/dt>/);
    expect(html).toMatch(/<dt>Why rated<\/dt>/);
    expect(html).toMatch(/<caption>New items by risk level<\/caption>/);
    expect(html).not.toMatch(/<style/);
  });

  it('give each acknowledge button a name that says which item it is for', () => {
    const [item] = digestFixture().families[0].items;
    expect(acknowledgement({ digestId: 'd', item, csrfToken: 't' })).toMatch(/<button type="submit">Acknowledge<span class="visually-hidden"> this item from [^<]+<\/span><\/button>/);
  });

  it('answer "not found" with the same bytes every time, naming nothing', () => {
    expect(notFoundPage()).toBe(notFoundPage());
    expect(notFoundPage()).not.toMatch(/Signed in as/);
  });

  it('write the family summary for the family: what is held, consent, the agreements as captioned tables, who can see it, subject access', () => {
    const summary: FamilySummary = {
      reference: 'SF-<1>',
      enrolledOn: '2026-03-01',
      address: ['7 Lark Rise', 'Wessexbury', 'BA2 4XY'],
      members: [{ name: 'Rhiannon <Quillfeather>', dateOfBirth: '1991-02-03', nhsNumberHeld: true, pncIdHeld: false }],
      consent: [{ about: 'Your whole family', status: 'given', basis: 'consent', safeguarding: false }],
      lead: 'Pat Tester',
      covering: [{ name: 'Robin Other', until: null }],
      policy: loadPolicy(),
      generatedAt: '2026-03-29T08:00:00Z',
    };
    const html = familySummaryPage(viewer, summary);
    expect(html).toContain('Rhiannon &lt;Quillfeather&gt;: date of birth');
    expect(html).toContain('NHS number');
    expect(html).not.toMatch(/9434765919/);
    expect(html).toContain('Your whole family: information is shared because you agreed (consent).');
    expect(html.match(/<caption>/g)).toHaveLength(4);
    expect(html).toContain('<caption>Schools: what they may share, and with whom</caption>');
    expect(html).toContain('<p>This is agreement DISC-PISA-2026-011, signed by Larkspur Primary School, Avonford Council, in force since');
    expect(html).toContain('<th scope="col">Your lead practitioner</th>');
    expect(html).toContain('Pat Tester, your lead practitioner');
    expect(html).toContain('Robin Other, covering for your lead practitioner');
    expect(html).toMatch(/subject access request/);
  });
});
