import type { MatchLinked } from '../contracts';
import { loadPolicy, type ConsentRecord } from '../policy';
import { loadRuleSet } from '../risk';
import { buildDigest, digestItems, type DigestInput } from './build-digest';
import { digestDay } from './digest-fixture';

const rules = loadRuleSet();
const policy = loadPolicy();
const consented: ConsentRecord[] = [{ memberId: '', status: 'given', basis: 'consent', justification: null }];

function match(
  id: string,
  familyId: string,
  agency: MatchLinked['event']['agency'],
  category: string,
  reportedAt: string,
  extra: Partial<Pick<MatchLinked, 'context' | 'receivedAt' | 'members'>> & { occurredAt?: string; summary?: string } = {},
): MatchLinked {
  return {
    type: 'match.linked', matchId: id, familyId,
    source: { topic: 't', partition: 0, offset: '0' },
    event: { agency, organisation: 'Org', agencyEventId: id, category, occurredAt: extra.occurredAt ?? reportedAt, reportedAt, postcodeDistrict: 'BA2', ...(extra.summary ? { summary: extra.summary } : {}) },
    members: extra.members ?? [], explanation: 'same NHS number', matcher: 'test', context: extra.context ?? 'live',
    receivedAt: extra.receivedAt ?? reportedAt, matchedAt: reportedAt,
  };
}

const base: Omit<DigestInput, 'unreported' | 'recentHistory'> = {
  ...digestDay,
  practitioner: { practitionerId: 'P001', name: 'Pat Example' },
  rules,
  policy,
  recipientRole: 'lead-practitioner',
  withheldByDecision: new Set(),
  consent: new Map([['F1', consented], ['F2', consented], ['F3', consented]]),
  familyReferences: new Map([['F1', 'SF-1'], ['F2', 'SF-2'], ['F3', 'SF-3']]),
};
const digestOf = (unreported: MatchLinked[], recentHistory: MatchLinked[] = unreported) => buildDigest({ ...base, unreported, recentHistory });

describe('building a digest', () => {
  it('puts the most urgent family first and records the rule and rule-set version on every item', () => {
    const digest = digestOf([
      match('a', 'F2', 'housing', 'RENT_ARREARS', '2026-03-28T10:00:00Z'),
      match('b', 'F1', 'police', 'VIOLENT_CRIME', '2026-03-28T11:00:00Z'),
      match('c', 'F3', 'health', 'SELF_HARM', '2026-03-28T12:00:00Z'),
    ]);
    expect(digest.families.map((family) => [family.familyId, family.riskLevel])).toEqual([['F3', 'high'], ['F1', 'medium'], ['F2', 'low']]);
    expect(digest.families[0].items[0]).toEqual(expect.objectContaining({
      rule: { id: 'health.SELF_HARM', version: rules.version },
      ratedBecause: 'Health rate "Self-harm presentation" as high risk',
      timing: 'new',
      occurredAt: '2026-03-28T12:00:00+00:00',
    }));
    expect(digest.counts).toEqual({ high: 1, medium: 1, low: 1, information: 0 });
    expect(digest.ruleSetVersion).toBe(rules.version);
    expect(digest).toEqual(expect.objectContaining({ policyVersion: policy.version, recipientRole: 'lead-practitioner' }));
    expect(digestItems(digest).every((item) => item.disclosure !== undefined)).toBe(true);
  });

  it('raises a family seen by two agencies within 7 days above a family with a single high event', () => {
    const digest = digestOf([
      match('single', 'F1', 'police', 'MISSING_PERSON', '2026-03-28T09:00:00Z'),
      match('police', 'F2', 'police', 'MENTAL_HEALTH_DETENTION', '2026-03-28T15:00:00Z'),
      match('health', 'F2', 'health', 'MENTAL_HEALTH_CRISIS', '2026-03-28T17:00:00Z'),
    ]);
    expect(digest.families[0].familyId).toBe('F2');
    expect(digest.families[0].findings).toEqual([
      { rule: { id: 'multi-agency-7-days', version: rules.version }, raisesTo: 'high', text: 'Two or more agencies involved: health and police within 7 days' },
    ]);
    expect(digest.families[1].findings).toEqual([]);
  });

  it('raises a family whose pattern completes with one new event and older, already reported ones', () => {
    const older = match('old', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-03-10T22:00:00Z');
    const today = match('new', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-03-28T22:00:00Z');
    const digest = digestOf([today], [older, today]);
    expect(digest.families[0].findings.map((finding) => finding.text)).toEqual([
      'Repeated domestic-abuse call-outs: 2 police events within 28 days',
    ]);
    expect(digestItems(digest).map((item) => item.matchId)).toEqual(['new']);
  });

  it('does not report a pattern again when none of its events is new', () => {
    const older = [match('x', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-03-20T22:00:00Z'), match('y', 'F1', 'housing', 'NOISE_COMPLAINT', '2026-03-21T22:00:00Z')];
    const unrelated = match('z', 'F1', 'health', 'WAS_NOT_BROUGHT', '2026-03-28T23:00:00Z');
    const digest = digestOf([unrelated], [...older, unrelated]);
    // z is more than 7 days after x and y, so no 7-day run holds it with another agency's event.
    expect(digest.families[0].findings).toEqual([]);
    expect(digest.families[0].riskLevel).toBe('low');
  });

  it('marks events reported before the window but received after the last digest as late', () => {
    const digest = digestOf([
      match('late', 'F1', 'housing', 'EVICTION_NOTICE', '2026-03-27T18:00:00Z', { receivedAt: '2026-03-28T09:00:00Z' }),
      match('new', 'F1', 'housing', 'RENT_ARREARS', '2026-03-28T18:00:00Z'),
    ]);
    expect(digestItems(digest).map((item) => [item.matchId, item.timing])).toEqual([['new', 'new'], ['late', 'late']]);
    expect(digest.counts.high).toBe(1);
  });

  it('leaves out what reached us after the cut-off, what was reported after the window, and what is older than the late horizon', () => {
    const digest = digestOf([
      match('after-cut-off', 'F1', 'police', 'ARREST', '2026-03-28T12:00:00Z', { receivedAt: '2026-03-29T08:00:00+01:00' }),
      match('after-window', 'F1', 'police', 'ARREST', '2026-03-29T06:30:00Z'),
      match('too-old', 'F1', 'police', 'ARREST', '2026-03-01T12:00:00Z'),
    ]);
    expect(digest.families).toEqual([]);
  });

  it('shows history from re-matching as background that neither counts nor raises the family', () => {
    const digest = digestOf([match('h', 'F1', 'police', 'DOMESTIC_ABUSE', '2026-02-01T12:00:00Z', { context: 'history', receivedAt: '2026-03-28T12:00:00Z' })]);
    expect(digest.families[0].items[0].timing).toBe('history');
    expect(digest.families[0].riskLevel).toBe('information');
    expect(digest.counts).toEqual({ high: 0, medium: 0, low: 0, information: 0 });
  });

  it('gives the same digest, id included, for the same input', () => {
    const matches = [match('a', 'F1', 'police', 'ARREST', '2026-03-28T12:00:00Z')];
    expect(digestOf(matches)).toEqual(digestOf([...matches]));
    expect(digestOf(matches).digestId).toMatch(/^d-[0-9a-f]{32}$/);
  });
});
