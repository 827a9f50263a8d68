import type { MatchLinked } from '../contracts';
import { composeDigestNotification } from '../notify';
import { parsePolicy, type ConsentRecord, type Policy } from '../policy';
import { builtInPolicyJson, consentGiven, consentWithdrawn, linkedEvent } from '../policy/policy-fixture';
import { loadRuleSet } from '../risk';
import { buildDigest, digestItems, type DigestInput } from './build-digest';
import { digestDay } from './digest-fixture';
import { disclosuresOf } from './digest-disclosures';
import { renderDigestHtml } from './render-html';
import { renderDigestText } from './render-text';

/**
 * The sharing policy applied to whole digests: what it withholds never reaches the digest, its
 * pages or its email, and every digest says which policy it was shared under.
 */
const rules = loadRuleSet();
const healthNarrative = 'Seen by the crisis team after a call from his mother about the knife';

/** A variant of the built-in policy: health in full to lead practitioners, as a council might once have agreed. */
function healthInFull(version: string): Policy {
  const json = builtInPolicyJson() as unknown as { version: string; agencies: { health: { categories: Record<string, { article9Condition?: string; roles: Record<string, { level: string }> }> } } };
  json.version = version;
  for (const rule of Object.values(json.agencies.health.categories)) {
    rule.article9Condition = 'Art. 9(2)(h): health or social care';
    rule.roles['lead-practitioner'].level = 'full';
  }
  return parsePolicy(json, 'test');
}
const withheldNarratives = parsePolicy({ ...builtInPolicyJson(), version: '2026.2' }, 'test');

const event = (agency: MatchLinked['event']['agency'], category: string, summary?: string): MatchLinked => {
  const match = linkedEvent(agency, category);
  return { ...match, event: { ...match.event, ...(summary ? { summary } : { summary: undefined }) } };
};

function digestFor(matches: MatchLinked[], policy: Policy, consent: ConsentRecord[] = [consentGiven()], more: Partial<DigestInput> = {}) {
  return buildDigest({
    ...digestDay,
    practitioner: { practitionerId: 'P-T1', name: 'Pat Tester' },
    rules,
    policy,
    recipientRole: 'lead-practitioner',
    withheldByDecision: new Set(),
    consent: new Map([['F-TEST-1', consent]]),
    familyReferences: new Map([['F-TEST-1', 'SF-QUILL-77']]),
    unreported: matches,
    recentHistory: matches,
    ...more,
  });
}

describe('the sharing policy in the digest', () => {
  const crisis = event('health', 'MENTAL_HEALTH_CRISIS', healthNarrative);
  const arrest = event('police', 'ARREST', 'Arrested on suspicion of criminal damage');
  const childConcern = event('police', 'CHILD_CONCERN');

  it('a policy that withholds health narratives removes them from the next digest, its text and its HTML, and says which policy', () => {
    const before = digestFor([crisis], healthInFull('2026.1-health-full'));
    expect(digestItems(before)[0]).toEqual(expect.objectContaining({ summary: healthNarrative, disclosure: { level: 'full', basis: 'consent' } }));
    expect(renderDigestText(before)).toContain(healthNarrative);

    const after = digestFor([crisis], withheldNarratives);
    expect(after.policyVersion).toBe('2026.2');
    expect(digestItems(after)[0]).toEqual(expect.objectContaining({ category: 'MENTAL_HEALTH_CRISIS', area: 'BA2', disclosure: { level: 'summary', basis: 'consent' } }));
    for (const shown of [JSON.stringify(after), renderDigestText(after), renderDigestHtml(after)]) {
      expect(shown).not.toContain(healthNarrative);
      expect(shown).not.toContain('Rhiannon');
    }
    expect(renderDigestText(after)).toContain('shared under sharing policy version 2026.2');
    expect(renderDigestText(after)).toContain('shared: Shared as a summary (no narrative) on the lawful basis of consent');
    expect(renderDigestHtml(after)).toContain('Shared under sharing policy version 2026.2.');
  });

  it('a withdrawn consent removes consent-based items from the next digest, its pages and its email counts', () => {
    const withConsent = digestFor([arrest, childConcern], withheldNarratives);
    expect(digestItems(withConsent).map((item) => item.category).sort()).toEqual(['ARREST', 'CHILD_CONCERN']);

    const withdrawn = digestFor([arrest, childConcern], withheldNarratives, [consentWithdrawn()]);
    expect(digestItems(withdrawn).map((item) => item.category)).toEqual(['CHILD_CONCERN']);
    expect(withdrawn.counts).toEqual({ high: 1, medium: 0, low: 0, information: 0 });
    expect(withdrawn.withheld).toEqual({ 'not-shared-with-role': 0, 'consent-withdrawn': 1, 'no-consent-recorded': 0, 'safeguarding-without-justification': 0, 'more-detrimental-to-child': 0 });
    for (const shown of [JSON.stringify(withdrawn), renderDigestText(withdrawn), renderDigestHtml(withdrawn)]) {
      expect(shown).not.toContain(arrest.matchId);
      expect(shown).not.toContain('Arrest');
    }
    const email = composeDigestNotification(withdrawn, { to: 'pat@council.example', from: 'live-risk@council.example', portalUrl: 'http://portal', whenEmpty: 'note' });
    expect(email?.subject).toMatch(/: 1 high$/);
    expect(email?.text).toContain('1 new item for your families');
  });

  it('a digest whose every item is withheld says nothing is new, and its email counts nothing', () => {
    const digest = digestFor([arrest], withheldNarratives, []);
    expect(digest.families).toEqual([]);
    expect(digest.withheld?.['no-consent-recorded']).toBe(1);
    expect(renderDigestText(digest)).toContain('Nothing new for your families');
    const email = composeDigestNotification(digest, { to: 'pat@council.example', from: 'live-risk@council.example', portalUrl: 'http://portal', whenEmpty: 'note' });
    expect(email?.subject).toMatch(/: nothing new$/);
  });

  it('an item the previous digest already withheld is not counted as withheld again', () => {
    const earlier = { ...arrest, event: { ...arrest.event, reportedAt: '2026-03-27T22:00:00+00:00' }, receivedAt: '2026-03-27T22:05:00+00:00' };
    const digest = digestFor([earlier], withheldNarratives, [consentWithdrawn()], { previousCutOff: '2026-03-28T07:00:03+00:00' });
    expect(digest.families).toEqual([]);
    expect(digest.withheld?.['consent-withdrawn']).toBe(0);
  });

  it('an item a holder withheld as more detrimental to the child is kept out whatever the policy allows, and only counted', () => {
    const domestic = event('police', 'DOMESTIC_ABUSE', 'Child present, hid upstairs');
    const digest = digestFor([domestic, arrest], healthInFull('2026.1-health-full'), [consentGiven()], { withheldByDecision: new Set([domestic.matchId]) });
    expect(digestItems(digest).map((item) => item.matchId)).toEqual([arrest.matchId]);
    expect(digest.withheld?.['more-detrimental-to-child']).toBe(1);
    expect(JSON.stringify(digest)).not.toContain('hid upstairs');
    expect(disclosuresOf(digest, new Map([domestic, arrest].map((match) => [match.matchId, match]))).map((entry) => entry.itemId)).toEqual([arrest.matchId]);
  });

  it('a withheld item feeds no wider-picture finding, and one the previous digest withheld is not counted again', () => {
    const police = event('police', 'DOMESTIC_ABUSE');
    const health = event('health', 'EMERGENCY_ATTENDANCE');
    const open = digestFor([police, health], withheldNarratives);
    expect(open.families[0].findings.map((finding) => finding.rule.id)).toContain('multi-agency-7-days');
    const decided = digestFor([police, health], withheldNarratives, [consentGiven()], { withheldByDecision: new Set([police.matchId]) });
    expect(decided.families[0].findings).toEqual([]);
    const earlier = { ...police, event: { ...police.event, reportedAt: '2026-03-27T22:00:00+00:00' }, receivedAt: '2026-03-27T22:05:00+00:00' };
    const next = digestFor([earlier], withheldNarratives, [consentGiven()], { withheldByDecision: new Set([police.matchId]), previousCutOff: '2026-03-28T07:00:03+00:00' });
    expect(next.withheld?.['more-detrimental-to-child']).toBe(0);
  });

  it('a safeguarding override with a justification shares and marks the item in the text and HTML', () => {
    const override = consentGiven('', 'vital-interests', 'Risk of serious harm to the children: MASH strategy meeting');
    const digest = digestFor([arrest], withheldNarratives, [override]);
    expect(digestItems(digest)[0].disclosure).toEqual({
      level: 'full',
      basis: 'vital-interests',
      withoutConsent: { justification: 'Risk of serious harm to the children: MASH strategy meeting' },
    });
    expect(renderDigestText(digest)).toContain('SHARED WITHOUT CONSENT ON SAFEGUARDING GROUNDS: Risk of serious harm to the children: MASH strategy meeting');
    expect(renderDigestHtml(digest)).toContain('<strong>SHARED WITHOUT CONSENT ON SAFEGUARDING GROUNDS.</strong> Justification: Risk of serious harm to the children: MASH strategy meeting');
  });

  it('the wider picture draws only on what the recipient may see: a withheld agency is never named in a finding', () => {
    const police = event('police', 'DOMESTIC_ABUSE');
    const health = event('health', 'EMERGENCY_ATTENDANCE'); // none for team managers
    const lead = digestFor([police, health], withheldNarratives);
    expect(lead.families[0].findings.map((finding) => finding.rule.id)).toContain('multi-agency-7-days');
    const manager = digestFor([police, health], withheldNarratives, [consentGiven()], { recipientRole: 'team-manager' });
    expect(manager.families[0].findings).toEqual([]);
    expect(JSON.stringify(manager)).not.toContain('health');
  });

  it('an existence-only item says whom to ask, and nothing of what, when or where', () => {
    const digest = digestFor([crisis], withheldNarratives, [consentGiven()], { recipientRole: 'covering-practitioner' });
    const text = renderDigestText(digest);
    const html = renderDigestHtml(digest);
    for (const shown of [text, html]) {
      expect(shown).toContain('Something was recorded by Wessex Partnership NHS Trust');
      expect(shown).toContain('named safeguarding professional');
      for (const detail of ['Mental-health crisis', 'BA2', '21:00', '22:00', healthNarrative]) expect(shown).not.toContain(detail);
    }
  });
});

describe('the record of what a digest disclosed', () => {
  const arrest = event('police', 'ARREST', 'Arrested on suspicion of criminal damage');
  const childConcern = event('police', 'CHILD_CONCERN');
  const crisis = event('health', 'MENTAL_HEALTH_CRISIS', healthNarrative);
  const byId = (matches: MatchLinked[]) => new Map(matches.map((match) => [match.matchId, match]));

  it('records each item shown, to whom, about whom, at what level, on what basis and under which policy', () => {
    const digest = digestFor([childConcern, crisis], withheldNarratives);
    const entries = disclosuresOf(digest, byId([childConcern, crisis]));
    expect(entries).toHaveLength(2);
    expect(entries.find((entry) => entry.itemId === crisis.matchId)).toEqual(
      expect.objectContaining({
        kind: 'disclosure', recipient: 'P-T1', subjectMemberIds: ['F-TEST-1-M1'], familyId: 'F-TEST-1', digestId: digest.digestId,
        agency: 'health', category: 'MENTAL_HEALTH_CRISIS', level: 'summary', lawfulBasis: 'consent', policyVersion: '2026.2',
      }),
    );
    expect(JSON.stringify(entries)).not.toContain('Rhiannon');
    expect(JSON.stringify(entries)).not.toContain(healthNarrative);
  });

  it('records nothing for a withheld item, and the justification of a safeguarding override', () => {
    expect(disclosuresOf(digestFor([arrest], withheldNarratives, [consentWithdrawn()]), byId([arrest]))).toEqual([]);
    const override = consentGiven('', 'vital-interests', 'Risk of serious harm to the children: MASH strategy meeting');
    const [entry] = disclosuresOf(digestFor([arrest], withheldNarratives, [override]), byId([arrest]));
    expect(entry).toEqual(expect.objectContaining({ lawfulBasis: 'vital-interests', justification: 'Risk of serious harm to the children: MASH strategy meeting' }));
  });
});
