import type { ReviewRequested } from '../../contracts';
import { digestItem } from '../../digest/digest-fixture';
import type { PersonAsRecorded } from '../../review';
import type { ReviewPageView, ReviewView } from '../reviews';
import type { Team, TeamFamily } from '../team';
import { likelihood, reviewPage, reviewsPage, weightWords } from './reviews';
import { noTeamPage, teamPage } from './team';

const viewer = { name: 'Morgan <Manager>', csrfToken: 'tok"en' };
const team: Team = { name: 'Northgate <Family> Help', practitioners: [{ practitionerId: 'P-M1', name: 'Morgan <Manager>' }, { practitionerId: 'P-C1', name: 'Casey "Cover"' }] };
const families: TeamFamily[] = [
  { familyId: 'F-1', reference: 'SF-<1>', status: 'open', lead: { practitionerId: 'P-L1', name: 'Lee <Lead>' }, lastDigest: '2026-03-29', cover: [{ practitionerId: 'P-C1', name: 'Casey "Cover"', until: null }] },
  { familyId: 'F-2', reference: 'SF-2', status: 'closed', lead: { practitionerId: 'P-L1', name: 'Lee <Lead>' }, lastDigest: null, cover: [] },
];

const noScriptOneHeading = (html: string) => {
  expect(html).not.toMatch(/<script|style=|<style/i);
  expect(html.match(/<h1/g)).toHaveLength(1);
};

describe('the team manager page', () => {
  it('lists the unacknowledged high-risk items with the digest renderer, saying whose digest and that nobody acknowledged them', () => {
    const html = teamPage(viewer, team, families, [{ item: digestItem({ organisation: 'Wessex <Police>' }), digestId: 'd-1', digestDate: '2026-03-29', sentTo: 'Lee <Lead>' }]);
    noScriptOneHeading(html);
    expect(html).toContain('<h1>Your team: Northgate &lt;Family&gt; Help</h1>');
    expect(html).toMatch(/<article[^>]*aria-labelledby="waiting-1"/);
    expect(html).toContain('Wessex &lt;Police&gt;');
    expect(html).toContain('In the digest for Sunday 29 March 2026 to Lee &lt;Lead&gt;. Nobody has acknowledged it yet.');
  });

  it("shows the team's families in a captioned table, with an end-cover form per cover carrying the session's CSRF token", () => {
    const html = teamPage(viewer, team, families, []);
    expect(html).toContain('None: every high-risk item sent to your team has been acknowledged.');
    expect(html).toContain('<caption>Families whose lead practitioner is in your team</caption>');
    expect(html).toContain('<th scope="row">SF-&lt;1&gt;</th><td class="text">Lee &lt;Lead&gt;</td><td class="text">open</td><td class="text">Sunday 29 March 2026</td>');
    expect(html).toContain('None yet');
    const endForms = html.match(/<form method="post" action="\/team\/cover\/end" class="inline">/g);
    expect(endForms).toHaveLength(1);
    expect(html).toContain('<span class="visually-hidden"> by Casey &quot;Cover&quot; of family SF-&lt;1&gt;</span>');
    expect(html.match(/name="csrf" value="tok&quot;en"/g)?.length).toBe(3); // sign out, end cover, assign cover
  });

  it('offers only open families for cover, keeps what was typed after a problem, and names the problem first', () => {
    const html = teamPage(viewer, team, families, [], { problem: 'The last day of cover must be today or later.', form: { familyId: 'F-1', practitionerId: 'P-C1', until: '2020-01-01', reason: '"><b>' } });
    expect(html).toContain('<title>Error: Your team, Northgate &lt;Family&gt; Help – Live risk</title>');
    expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('<h2>High-risk items'));
    expect(html).toContain('<option value="F-1" selected>SF-&lt;1&gt; (lead: Lee &lt;Lead&gt;)</option>');
    expect(html).not.toContain('<option value="F-2"');
    expect(html).toContain('<option value="P-C1" selected>Casey &quot;Cover&quot;</option>');
    expect(html).toContain('value="2020-01-01"');
    expect(html).toContain('value="&quot;&gt;&lt;b&gt;"');
    expect(html).toMatch(/<label for="cover-until">Last day of cover \(optional\)<\/label>/);
  });

  it('shows a notice chosen by name after a change, and says plainly when the manager has no team', () => {
    expect(teamPage(viewer, team, families, [], { notice: 'assigned' })).toContain('<div class="notice" role="status"><p>Cover assigned.');
    expect(noTeamPage(viewer)).toMatch(/does not name a team/);
  });
});

const request: ReviewRequested = {
  type: 'review.requested',
  reviewId: 'rv-<1>',
  source: { topic: 'police.incidents.v1', partition: 0, offset: '4' },
  event: {
    agency: 'police', organisation: 'Avon and <Wessex> Police', agencyEventId: 'ASP-1', category: 'DOMESTIC_ABUSE',
    occurredAt: '2026-03-28T21:00:00Z', reportedAt: '2026-03-28T22:00:00Z', summary: 'A narrative the reviewer need not see', postcodeDistrict: 'BA2',
  },
  person: { role: 'victim' },
  candidate: { memberId: 'F-1-M1', familyId: 'F-1' },
  score: 3.17,
  contributions: [
    { comparison: 'prior', level: 'prior', weight: -10.2 },
    { comparison: 'given name', level: 'nickname', weight: 6.1 },
    { comparison: 'date of birth', level: 'year-off-by-one', weight: 7.27 },
  ],
  explanation: 'name similar (nickname), date of birth similar (year off by one)',
  matcher: 'fellegi-sunter-v1',
  receivedAt: '2026-03-28T22:00:01Z',
  requestedAt: '2026-03-28T22:00:02Z',
};
const heldByTheAgency: PersonAsRecorded = { kind: 'held', person: { givenName: 'Rhi', familyName: 'Quill<feather>', dateOfBirth: '1992-02-03' } };
const view = (decision: ReviewView['review']['decision'] = null, person: PersonAsRecorded = heldByTheAgency): ReviewPageView => ({
  person,
  review: { reviewId: 'rv-<1>', status: decision ? decision.decision : 'open', familyId: 'F-1', memberId: 'F-1-M1', score: 3.17, requestedAt: new Date('2026-03-28T22:00:02Z'), request, decision },
  candidate: { givenName: 'Rhiannon', familyName: 'Quill<feather>', dateOfBirth: '1991-02-03', familyReference: 'SF-<1>', nhsNumberHeld: true, pncIdHeld: false, removed: false },
});

describe('the reviewer pages', () => {
  it('list open reviews oldest first as links, with how likely each is in words', () => {
    const html = reviewsPage(viewer, [{ reviewId: 'rv/1', status: 'open', familyId: 'F-1', memberId: 'F-1-M1', score: 3.17, requestedAt: new Date('2026-03-28T22:00:02Z') }]);
    noScriptOneHeading(html);
    expect(html).toContain('<a href="/reviews/rv%2F1">Sat 28 Mar 2026, 22:00 GMT</a>');
    expect(html).toContain('90% likely');
    expect(reviewsPage(viewer, [])).toContain('There are no open reviews.');
  });

  it('put the two records side by side, escaped, without the agency narrative', () => {
    const html = reviewPage(viewer, view());
    noScriptOneHeading(html);
    expect(html).toContain("<caption>The person in the agency's record, and the cohort member they may be</caption>");
    expect(html).toContain('<tr><th scope="row">Name</th><td class="text">Rhi Quill&lt;feather&gt;</td><td class="text">Rhiannon Quill&lt;feather&gt;</td></tr>');
    expect(html).toContain('<td class="text">Monday 3 February 1992</td><td class="text">Sunday 3 February 1991</td>');
    expect(html).toContain('family SF-&lt;1&gt;');
    expect(html).toContain('Avon and &lt;Wessex&gt; Police');
    expect(html).not.toContain('A narrative the reviewer need not see');
  });

  it("say plainly when the agency's record has passed its retention period, and still show the comparisons", () => {
    const html = reviewPage(viewer, view(null, { kind: 'expired' }));
    expect(html).toContain(`<tr><th scope="row">Name</th><td class="text">No longer held: the agency's record has passed its retention period</td><td class="text">Rhiannon Quill&lt;feather&gt;</td></tr>`);
    expect(html).not.toContain('Rhi Quill');
    expect(html).not.toContain('1992');
    expect(html).toContain('towards the same person (+7.27)');
    expect(reviewPage(viewer, view(null, { kind: 'not-in-event' }))).toContain("Not found in the agency's record");
  });

  it('give the weights in plain words: the explanation, how likely, and which way each comparison points', () => {
    const html = reviewPage(viewer, view());
    expect(html).toContain('name similar (nickname), date of birth similar (year off by one): 90% likely to be the same person (score 3.17).');
    expect(html).toContain('<tr><th scope="row">date of birth</th><td class="text">year-off-by-one</td><td class="text">towards the same person (+7.27)</td></tr>');
    expect(weightWords(-10.2)).toBe('towards different people (-10.20)');
    expect(likelihood(20)).toBe('99% likely');
  });

  it('offer a labelled decision form with the CSRF token while open, keeping what was typed after a problem', () => {
    const html = reviewPage(viewer, view(), { problem: 'Say why it is not the same person: a rejection needs a reason.', form: { decision: 'reject', reason: '</textarea><b>' } });
    expect(html).toContain('<form method="post" action="/reviews/rv-%3C1%3E/decision">');
    expect(html).toContain('value="tok&quot;en"');
    expect(html).toContain('<input type="radio" id="decision-reject" name="decision" value="reject" checked>');
    expect(html).toContain('&lt;/textarea&gt;&lt;b&gt;</textarea>');
    expect(html).toMatch(/role="alert"[\s\S]*Say why it is not the same person/);
  });

  it('show a decided review with who decided, when and why, and no form', () => {
    const html = reviewPage(viewer, view({ type: 'review.decided', reviewId: 'rv-<1>', decision: 'rejected', reason: 'different <person>', decidedBy: 'Sam Reviewer (P-R1)', decidedAt: '2026-03-29T08:00:00Z' }));
    expect(html).toContain('Rejected: not the same person, by Sam Reviewer (P-R1) on Sun 29 Mar 2026, 09:00 BST.');
    expect(html).toContain('Reason: different &lt;person&gt;');
    expect(html).not.toContain('<form method="post" action="/reviews/');
  });
});
