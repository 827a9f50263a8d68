import { createPseudonymiser } from '../analyst';
import { decideApproval, approvalMismatch } from './approval';
import { loadCriteriaSet, exampleCriteriaFile } from './criteria-set';
import type { HouseholdResult } from './evaluate';
import { renderReport } from './render-report';
import { buildCriteriaReport, noSuppression } from './report';
import type { StoredReport } from './report-store';

const set = loadCriteriaSet(exampleCriteriaFile);
const p = createPseudonymiser(Buffer.alloc(32, 7));
const pseudonym = (id: string) => p.pseudonym('family', id);
const context = { asOf: '2026-03-29', knownAt: '2026-03-30T00:00:00+01:00', criteriaHash: 'a'.repeat(64), ruleSetVersion: '2026.2', policyVersion: '2026.2', thresholds: [1, 2, 3] };
const results: HouseholdResult[] = [
  { familyId: 'F-DAVIS', counts: { 'repeat-domestic-abuse': 4, 'crime-and-anti-social-behaviour': 2 }, met: ['repeat-domestic-abuse', 'crime-and-anti-social-behaviour'] },
  { familyId: 'F-TOM', counts: { 'health-crisis-or-self-harm': 2, 'repeat-domestic-abuse': 1 }, met: ['health-crisis-or-self-harm'] },
  { familyId: 'F000003', counts: { 'health-crisis-or-self-harm': 1 }, met: ['health-crisis-or-self-harm'] },
  { familyId: 'F000004', counts: {}, met: [] },
];

describe('the pseudonymised criteria report', () => {
  const report = buildCriteriaReport(set, results, context, pseudonym);

  it('counts households per criterion, per threshold and per combination, of every household in the programme', () => {
    const byId = Object.fromEntries(report.content.criteria.map((c) => [c.id, c]));
    expect(report.content.householdsInProgramme).toBe(4);
    expect(byId['repeat-domestic-abuse']).toMatchObject({ households: 1, period: { from: '2025-03-30', to: '2026-03-29' }, atThresholds: [{ minEvents: 1, households: 2 }, { minEvents: 2, households: 1 }, { minEvents: 3, households: 1 }] });
    expect(byId['health-crisis-or-self-harm']).toMatchObject({ households: 2, counts: 'person', period: { from: '2025-10-01', to: '2026-03-29' } });
    expect(report.content.combinations).toEqual([
      { criteria: ['health-crisis-or-self-harm'], households: 2 },
      { criteria: ['repeat-domestic-abuse', 'crime-and-anti-social-behaviour'], households: 1 },
    ]);
    expect(report.content.householdsMeetingAny).toBe(3);
  });

  it('names households only by pseudonym, in pseudonym order, in every format, and states versions, period and suppression', () => {
    expect(report.content.households.map((h) => h.household)).toEqual([pseudonym('F-DAVIS'), pseudonym('F-TOM'), pseudonym('F000003')].sort());
    for (const format of ['md', 'html', 'json'] as const) {
      const text = renderReport(report, format);
      for (const id of results.map((r) => r.familyId)) expect(text).not.toContain(id);
      expect(text).toContain(pseudonym('F-DAVIS'));
      for (const stated of [report.reportId, '2026.1-example', 'Risk rules in force', '2026.2', '2025-03-30', noSuppression.slice(0, 40)]) {
        if (format === 'json' && stated === 'Risk rules in force') continue;
        expect(text).toContain(format === 'html' ? stated.replace(/'/g, '&#39;') : stated);
      }
    }
  });

  it('its id is its content: the same inputs give the same id, another as-of date or another history another', () => {
    expect(buildCriteriaReport(set, results, context, pseudonym).reportId).toBe(report.reportId);
    expect(report.reportId).toBe(`cr-${report.contentHash.slice(0, 16)}`);
    expect(buildCriteriaReport(set, results, { ...context, asOf: '2026-03-30' }, pseudonym).reportId).not.toBe(report.reportId);
    expect(buildCriteriaReport(set, results.slice(1), context, pseudonym).contentHash).not.toBe(report.contentHash);
  });

  it('escapes what the criteria file says in HTML', () => {
    const hostile = { ...set, criteria: [{ ...set.criteria[0], says: '<script>alert(1)</script>' }] };
    const html = renderReport(buildCriteriaReport(hostile, results, context, pseudonym), 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('approving a report', () => {
  const report = buildCriteriaReport(set, results, context, pseudonym);
  const stored: StoredReport = { reportId: report.reportId, contentHash: report.contentHash, criteria: set, criteriaHash: context.criteriaHash, asOf: context.asOf, knownAt: context.knownAt, thresholds: [1, 2, 3], createdBy: 'analyst-a' };
  const request = { approvedBy: 'governance-lead', reason: 'IG board, 3 December 2026, item 4', approvedAt: '2026-12-04T10:00:00.000Z' };

  it('binds the approval to the criteria version and hash, as-of date, cut-off and content hash of the report', () => {
    expect(decideApproval(stored, request, [])).toMatchObject({
      type: 'criteria-report.approved', reportId: report.reportId, criteriaVersion: '2026.1-example', criteriaHash: context.criteriaHash, asOf: '2026-03-29', knownAt: context.knownAt, contentHash: report.contentHash,
    });
  });

  it('is refused to the analyst who ran it, a second time, and with a reason that is not text', () => {
    expect(() => decideApproval(stored, { ...request, approvedBy: 'analyst-a' }, [])).toThrow(/analyst-a ran report .* may not approve it/);
    const first = decideApproval(stored, request, []);
    expect(() => decideApproval(stored, { ...request, approvedBy: 'someone-else' }, [first])).toThrow(/already approved by governance-lead/);
    expect(() => decideApproval(stored, { ...request, reason: 'a\u001b[8m' }, [])).toThrow(/reason: contains a control character/);
  });

  it('no longer covers a list whose evaluation now gives different content', () => {
    const approval = decideApproval(stored, request, []);
    expect(approvalMismatch(approval, stored, report.contentHash)).toBeUndefined();
    expect(approvalMismatch(approval, stored, 'b'.repeat(64))).toBe('content hash of the report evaluated now');
    expect(approvalMismatch(approval, { ...stored, asOf: '2026-03-30' }, report.contentHash)).toBe('as-of date');
  });
});
