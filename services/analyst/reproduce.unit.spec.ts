import { join } from 'node:path';
import type { MatchLinked } from '../contracts';
import { buildDigest } from '../digest/build-digest';
import { renderDigestText } from '../digest/render-text';
import { loadPolicy, type ConsentRecord } from '../policy';
import { loadRuleSet, ruleSetsDirectory } from '../risk';
import type { AsOfSources } from './as-of-sources';
import { jsonDifferences, lastField } from './json-diff';
import { createPseudonymiser } from './pseudonymise';
import { pseudonymiseDigest } from './pseudonymise-digest';
import { asOfInput, reproduceDigest, reproductionTotals } from './reproduce';
import { compareDigests } from './what-if';

const rules = loadRuleSet();
const stricter = loadRuleSet(join(ruleSetsDirectory, 'examples', 'stricter.json'));
const policy = loadPolicy();
const consented: ConsentRecord[] = [{ memberId: '', status: 'given', basis: 'consent', justification: null }];

function match(id: string, familyId: string, category: string, reportedAt: string): MatchLinked {
  return {
    type: 'match.linked', matchId: id, familyId,
    source: { topic: 't', partition: 0, offset: '0' },
    event: { agency: 'police', organisation: 'Avon and Wessex Police', agencyEventId: id, category, occurredAt: reportedAt, reportedAt, postcodeDistrict: 'BA2', summary: 'Rhiannon Quillfeather called' },
    members: [], explanation: 'victim Rhiannon: same NHS number', matcher: 'test', context: 'live', receivedAt: reportedAt, matchedAt: reportedAt,
  };
}

const unreported = [match('m-1', 'F1', 'ANTI_SOCIAL_BEHAVIOUR', '2026-03-28T20:00:00Z'), match('m-2', 'F2', 'DOMESTIC_ABUSE', '2026-03-28T21:00:00Z')];
// What the digest job would have built that morning, with the rules in force.
const stored = buildDigest({
  practitioner: { practitionerId: 'P001', name: 'Pat Example' },
  date: '2026-03-29',
  window: { from: '2026-03-28T07:00:00+00:00', to: '2026-03-29T07:00:00+01:00' },
  cutOff: '2026-03-29T07:00:05.123+01:00',
  lateFrom: '2026-03-14T07:00:00+00:00',
  rules, policy, recipientRole: 'lead-practitioner', withheldByDecision: new Set(),
  consent: new Map([['F1', consented], ['F2', consented]]),
  familyReferences: new Map([['F1', 'SF-QUILL-1'], ['F2', 'SF-QUILL-2']]),
  unreported, recentHistory: unreported,
  generatedAt: '2026-03-29T06:00:05.123Z',
});
const sources: AsOfSources = {
  stored, practitionerName: 'Pat Example', lateFrom: '2026-03-14T07:00:00+00:00',
  familyReferences: new Map([['F1', 'SF-QUILL-1'], ['F2', 'SF-QUILL-2']]),
  consent: new Map([['F1', consented], ['F2', consented]]),
  withheldByDecision: new Set(),
  unreported, history: unreported,
};

describe('reproducing a past digest from what was known at its cut-off', () => {
  it('rebuilds it exactly, id and generation time included, with the rules and policy it names', () => {
    const result = reproduceDigest(sources, rules, policy);
    expect(result.differences).toEqual([]);
    expect(result.reproduced).toEqual(stored);
    expect(asOfInput(sources, rules, policy).generatedAt).toBe(stored.generatedAt);
    expect(reproductionTotals([result])).toEqual({ digests: 1, exact: 1, families: 2, items: 2, ruleSets: ['2026.3'], policies: [policy.version] });
  });

  it('names the paths that differ when rebuilt with other rules', () => {
    const result = reproduceDigest(sources, stricter, policy);
    expect(result.differences.map((d) => d.path)).toContain('ruleSetVersion');
    expect(result.differences.map((d) => d.path)).toContain('families[1].riskLevel');
    expect(reproductionTotals([result]).exact).toBe(0);
  });

  it('with stricter police rules, flags a family whose anti-social behaviour was rated low', () => {
    const altered = buildDigest(asOfInput(sources, stricter, policy));
    expect(compareDigests(stored, altered).changes).toEqual([
      { date: '2026-03-29', practitionerId: 'P001', familyId: 'F1', inForce: 'low', alternative: 'medium', change: 'newly-flagged' },
    ]);
  });

  it('keeps only the history within the look-back of the rules it rebuilds with', () => {
    const old = match('m-0', 'F2', 'DOMESTIC_ABUSE', '2025-12-01T10:00:00Z');
    expect(asOfInput({ ...sources, history: [old, ...unreported] }, rules, policy).recentHistory.map((m) => m.matchId)).toEqual(['m-1', 'm-2']);
  });
});

describe('differences between two JSON documents', () => {
  it('ignores key order but not array order, and says where a field is missing', () => {
    expect(jsonDifferences({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toEqual([]);
    expect(jsonDifferences({ a: { b: [1, 2] } }, { a: { b: [2, 1], c: 'x' } })).toEqual([
      { path: 'a.b[0]', stored: 1, reproduced: 2 },
      { path: 'a.b[1]', stored: 2, reproduced: 1 },
      { path: 'a.c', stored: undefined, reproduced: 'x' },
    ]);
  });

  it('stops at the limit and names the field a path ends in', () => {
    expect(jsonDifferences([1, 2, 3], [4, 5, 6], 2)).toHaveLength(2);
    expect(lastField('families[0].items[2].familyReference')).toBe('familyReference');
    expect(lastField('families[3]')).toBe('families');
  });
});

describe('a digest shown to an analyst', () => {
  const p = createPseudonymiser(Buffer.alloc(32, 7));
  const shown = pseudonymiseDigest(p, stored);
  const text = renderDigestText(shown);

  it('carries no family reference, name, narrative or id, and still reads as a digest', () => {
    for (const secret of ['SF-QUILL', 'Rhiannon', 'Quillfeather', 'Pat Example', '"F1"', 'BA2']) expect(JSON.stringify(shown)).not.toContain(secret);
    expect(text).toContain('Family reference-');
    expect(text).toContain('[HIGH]');
    expect(shown.families.map((f) => f.items[0].familyId)).toEqual(shown.families.map((f) => f.familyId));
    expect(shown.ruleSetVersion).toBe('2026.3');
    expect(shown.cutOff).toBe(stored.cutOff);
  });
});
