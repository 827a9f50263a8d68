import { digestIssued, digestItem, familyDigest } from '../digest/digest-fixture';
import { composeDigestNotification, notificationMessageId } from './notification-email';

const options = {
  to: 'pat.tester@council.example',
  from: 'Live risk <live-risk@council.example>',
  portalUrl: 'https://live-risk.council.example',
  whenEmpty: 'note',
} as const;

const digest = digestIssued([
  familyDigest([
    digestItem({ matchId: 'm-1', riskLevel: 'high' }),
    digestItem({ matchId: 'm-2', riskLevel: 'high', timing: 'late' }),
    digestItem({ matchId: 'm-3', riskLevel: 'medium' }),
    digestItem({ matchId: 'm-4', riskLevel: 'low', timing: 'history' }),
  ]),
]);

describe('the digest notification email', () => {
  it('counts only the items the sharing policy let into the digest, and says nothing of those it withheld', () => {
    const withheld = { 'not-shared-with-role': 2, 'consent-withdrawn': 3, 'no-consent-recorded': 0, 'safeguarding-without-justification': 0 };
    const email = composeDigestNotification({ ...digest, policyVersion: '2026.1', withheld }, options);

    expect(email?.subject).toBe('Live risk digest, Sat 21 Nov 2026: 2 high, 1 medium');
    expect(email?.text).toContain('3 new items for your families');
    expect(`${email?.text}\n${email?.html}`).not.toMatch(/withheld|consent/i);
  });

  it('names the day and the counts by level in the subject, history excluded', () => {
    const email = composeDigestNotification(digest, options);

    expect(email?.subject).toBe('Live risk digest, Sat 21 Nov 2026: 2 high, 1 medium');
  });

  it('links to the digest in the portal and says it is readable only after signing in', () => {
    const email = composeDigestNotification(digest, options);
    const link = 'https://live-risk.council.example/digests/d-0123456789abcdef0123456789abcdef';

    expect(email?.text).toContain(`Read it: ${link}`);
    expect(email?.html).toContain(`<a href="${link}"`);
    expect(email?.text).toContain('The digest opens only after you sign in.');
    expect(email?.text).toContain('Your live risk digest for Saturday 21 November 2026');
  });

  it('says how many of the new items arrived late and how many are background', () => {
    const email = composeDigestNotification(digest, options);

    expect(email?.text).toContain('3 new items for your families since your last digest.');
    expect(email?.text).toContain('1 of them was reported earlier but reached us late.');
    expect(email?.text).toContain('1 older event was newly linked and is shown as background.');
    expect(email?.html).toContain('<tr><th scope="row">High</th><td>2</td></tr>');
  });

  it('carries no names, references, summaries, areas or categories of families, nor the practitioner', () => {
    const revealing = digestIssued(
      [
        familyDigest(
          [
            digestItem({
              familyReference: 'SF-SECRET-REF-991',
              summary: 'Zebedee Marchbanks-Oyelaran was seen at the Old Mill Lane flat',
              whyMatched: 'NHS number 9434765919 matches Zebedee Marchbanks-Oyelaran',
              area: 'ZZ9',
              organisation: 'Northumbria Police Unique Force',
              category: 'MISSING_PERSON',
              categoryLabel: 'Missing person',
              ratedBecause: 'Missing child reported by police',
            }),
          ],
          { findings: [{ rule: { id: 'wider.x', version: '1' }, raisesTo: 'high', text: 'Seen by three agencies at Old Mill Lane' }] },
        ),
      ],
      { practitionerName: 'Philippa Quartermaine-Stokes' },
    );
    const email = composeDigestNotification(revealing, options);
    const everything = `${email?.subject}\n${email?.text}\n${email?.html}\n${JSON.stringify(email?.headers)}`;

    for (const secret of [
      'SF-SECRET-REF-991', 'Zebedee', 'Marchbanks', 'Old Mill Lane', '9434765919', 'ZZ9', 'Northumbria',
      'MISSING_PERSON', 'Missing person', 'Missing child', 'Philippa', 'Quartermaine', 'F-TEST-1', 'three agencies',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('has a Message-ID derived from the digest id, the same on every send', () => {
    const first = composeDigestNotification(digest, options);
    const again = composeDigestNotification({ ...digest, generatedAt: '2026-11-21T09:00:00+00:00' }, options);

    expect(first?.messageId).toBe('<d-0123456789abcdef0123456789abcdef@live-risk>');
    expect(again?.messageId).toBe(first?.messageId);
  });

  it('keeps a Message-ID well-formed even for a digest id with characters mail does not allow', () => {
    expect(notificationMessageId('odd id <with> spaces')).toMatch(/^<d-[0-9a-f]{32}@live-risk>$/);
  });

  it('sends a short nothing-new note for an empty digest when asked to', () => {
    const email = composeDigestNotification(digestIssued([]), options);

    expect(email?.subject).toBe('Live risk digest, Sat 21 Nov 2026: nothing new');
    expect(email?.text).toContain('Nothing new for your families since your last digest.');
    expect(email?.html).not.toContain('<table');
  });

  it('sends nothing for an empty digest when empty days are skipped', () => {
    expect(composeDigestNotification(digestIssued([]), { ...options, whenEmpty: 'skip' })).toBeNull();
  });

  it('still sends when only background history is new, even when empty days are skipped', () => {
    const historyOnly = digestIssued([familyDigest([digestItem({ timing: 'history' })])]);
    const email = composeDigestNotification(historyOnly, { ...options, whenEmpty: 'skip' });

    expect(email?.subject).toBe('Live risk digest, Sat 21 Nov 2026: nothing new, 1 background item');
  });

  it('marks itself as automatic so out-of-office replies are not sent back', () => {
    expect(composeDigestNotification(digest, options)?.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
  });
});
