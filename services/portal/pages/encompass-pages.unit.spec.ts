import { encompassScope, type EncompassNotice } from '../encompass';
import { navFor } from './nav';
import { encompassListPage, encompassNoticePage } from './encompass';

const viewer = { name: 'Sam Reed', csrfToken: 'csrf-token-1', roles: ['school-dsl'] as const };
const school = { kind: 'school', urn: '100001' } as const;
const notice = (overrides: Partial<EncompassNotice> = {}): EncompassNotice => ({
  notificationId: 'enc-1',
  force: 'Avon and Wessex Police',
  sentAt: new Date('2026-03-27T22:05:00Z'),
  deadline: new Date('2026-03-30T07:45:00Z'),
  lateFromAgency: false,
  acknowledgedAt: null,
  acknowledgedBy: null,
  familyId: 'F1',
  memberId: 'F1-M3',
  schoolUrn: '100001',
  fieldSet: ['child', 'policeReference', 'when', 'where', 'involvement', 'circumstances'],
  content: {
    child: { givenName: 'Jack', familyName: 'Davis', dateOfBirth: '2014-09-21' },
    policeReference: 'ASP-1',
    occurredAt: '2026-03-27T21:00:00Z',
    postcodeDistrict: 'BA1',
    involvement: 'witness',
    circumstances: 'Shouting <script>alert(1)</script> at the home',
  },
  ...overrides,
});

describe('Operation Encompass in the portal', () => {
  it('gives a DSL their registered school, the council team the home-educated, and anyone else nothing', () => {
    expect(encompassScope(['school-dsl'], '100001')).toEqual(school);
    expect(encompassScope(['school-dsl'], undefined)).toBeUndefined();
    expect(encompassScope(['lead-practitioner', 'encompass-council'], undefined)).toEqual({ kind: 'council-team' });
    expect(encompassScope(['lead-practitioner', 'team-manager', 'reviewer', 'ig-officer'], '100001')).toBeUndefined();
  });

  it('shows a DSL the Encompass link and not the digests; the council team both; urgent alerts are for practitioners', () => {
    expect(navFor(['school-dsl']).map((link) => link.href)).toEqual(['/sessions', '/encompass']);
    expect(navFor(['lead-practitioner', 'encompass-council']).map((link) => link.href)).toEqual(['/', '/sessions', '/urgent', '/encompass']);
    expect(navFor(['lead-practitioner']).map((link) => link.href)).toEqual(['/', '/sessions', '/urgent']);
  });

  it('lists notifications with deadline, timeliness and acknowledgement, and no personal data', () => {
    const late = notice({ notificationId: 'enc-2', sentAt: new Date('2026-03-30T09:00:00Z'), lateFromAgency: true, acknowledgedAt: new Date('2026-03-30T10:00:00Z') });
    const html = encompassListPage(viewer, school, [late, notice()]);
    expect(html).toContain('href="/encompass/enc-2"');
    expect(html).toContain('<caption>Notifications for your school, a school not in the schools register (URN 100001), newest first</caption>');
    expect(encompassListPage(viewer, { ...school, name: 'Avonford <Primary>' }, [])).toContain('There are no notifications for your school, Avonford &lt;Primary&gt; (URN 100001).');
    expect(html).toMatch(/<strong>Late<\/strong> \(the police record reached the council after the deadline\)[\s\S]*Acknowledged Mon 30 Mar 2026, 11:00 BST/);
    expect(html).toMatch(/On time<\/td>\s*<td class="text">Not yet acknowledged/);
    expect(html).not.toMatch(/Jack|Davis|ASP-1|Shouting/);
  });

  it('shows exactly the fields the force sent, escaped, with the acknowledge form', () => {
    const html = encompassNoticePage(viewer, notice());
    expect(html).toContain('Jack Davis, born Sunday 21 September 2014');
    expect(html).toContain('Shouting &lt;script&gt;alert(1)&lt;/script&gt; at the home');
    expect(html).toContain('(every field)');
    expect(html).toMatch(/<form method="post" action="\/encompass\/enc-1\/acknowledge">\s*<input type="hidden" name="csrf" value="csrf-token-1">/);
  });

  it('shows a force that sends less only what it sent, and an acknowledged notification without the form', () => {
    const less = notice({ fieldSet: ['child', 'policeReference', 'when'], content: { child: { givenName: 'Jack', familyName: 'Davis', dateOfBirth: '2014-09-21' }, policeReference: 'LIN-9', occurredAt: '2026-03-27T21:00:00Z' }, acknowledgedAt: new Date('2026-03-30T08:00:00Z'), acknowledgedBy: 'DSL-100001' });
    const html = encompassNoticePage(viewer, less);
    expect(html).toContain('(this force sends only these fields)');
    expect(html).not.toMatch(/Where \(postcode district\)|What happened|How the child figures/);
    expect(html).toContain('Acknowledged by DSL-100001 on Mon 30 Mar 2026, 09:00 BST.');
    expect(html).not.toContain('action="/encompass/enc-1/acknowledge"');
  });
});
