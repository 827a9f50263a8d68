import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSet, parseArchivedRuleSet, parseRuleSet, rulesTables, ruleSetsDirectory } from '../risk';
import { urgentFindings, type FamilyEvent, type UrgentCandidate } from './urgent-rules';

const rules = loadRuleSet();
const missing = (linkedBirthDates: string[]): UrgentCandidate => ({
  matchId: 'm-missing', agency: 'police', category: 'MISSING_PERSON', occurredAt: '2027-01-14T01:50:00Z', linkedBirthDates,
});
const abuse = (matchId: string, occurredAt: string): FamilyEvent & UrgentCandidate => ({ matchId, agency: 'police', category: 'DOMESTIC_ABUSE', occurredAt, linkedBirthDates: [] });
const ids = (found: ReturnType<typeof urgentFindings>) => found.map((finding) => finding.rule.id);

describe('urgent rules', () => {
  it('a child reported missing is urgent; an adult reported missing is not', () => {
    expect(urgentFindings(rules, missing(['2015-06-01']), [])).toEqual([{ rule: { id: 'urgent.child-missing', version: '2026.3' }, says: 'a child reported missing' }]);
    expect(urgentFindings(rules, missing(['1990-06-01']), [])).toEqual([]);
    expect(urgentFindings(rules, missing([]), [])).toEqual([]);
  });

  it('counts age on the day it happened: the day before an 18th birthday is still a child', () => {
    expect(ids(urgentFindings(rules, missing(['2009-01-15']), []))).toEqual(['urgent.child-missing']);
    expect(ids(urgentFindings(rules, missing(['2009-01-14']), []))).toEqual([]);
  });

  it('a mental-health detention is urgent on its own, for anyone', () => {
    expect(ids(urgentFindings(rules, { ...missing(['1980-01-01']), category: 'MENTAL_HEALTH_DETENTION' }, []))).toEqual(['urgent.s136-detention']);
  });

  it('one domestic-abuse call-out is not urgent; a second within 24 hours is, whichever reached us first', () => {
    const first = abuse('m1', '2027-01-13T03:00:00Z');
    expect(urgentFindings(rules, first, [first])).toEqual([]);
    expect(ids(urgentFindings(rules, abuse('m2', '2027-01-14T02:00:00Z'), [first]))).toEqual(['urgent.repeat-domestic-abuse-24h']);
    // Reported late: the earlier one arrives second and still pairs with the later.
    expect(ids(urgentFindings(rules, first, [abuse('m2', '2027-01-14T02:00:00Z')]))).toEqual(['urgent.repeat-domestic-abuse-24h']);
  });

  it('two call-outs more than 24 hours apart, or the same one seen twice, are not urgent', () => {
    const first = abuse('m1', '2027-01-13T01:00:00Z');
    expect(urgentFindings(rules, abuse('m2', '2027-01-14T02:00:00Z'), [first])).toEqual([]);
    expect(urgentFindings(rules, first, [first, first])).toEqual([]);
    expect(urgentFindings(rules, abuse('m2', '2027-01-13T05:00:00Z'), [{ ...first, category: 'ARREST' }])).toEqual([]);
  });

  it('a rule set from before 2026.3 has no urgent rules: nothing was urgent then', () => {
    const archived = parseArchivedRuleSet(JSON.parse(readFileSync(join(ruleSetsDirectory, 'released', '2026.2.json'), 'utf8')), 'released/2026.2.json');
    expect(archived.urgent).toEqual([]);
    expect(urgentFindings(archived, missing(['2015-06-01']), [])).toEqual([]);
  });

  it('refuses an urgent rule for a category the agency does not have, or a count without a span', () => {
    const json = JSON.parse(JSON.stringify(rules));
    json.urgent.push({ id: 'urgent.burglary', agency: 'police', categories: ['BURGLARY'], says: 'a burglary' });
    json.urgent.push({ id: 'urgent.count', agency: 'police', categories: ['ARREST'], minEvents: 2, says: 'arrests' });
    expect(() => parseRuleSet(json, 'rules.json')).toThrow(/minEvents and withinHours go together[\s\S]*BURGLARY is not a police category|BURGLARY is not a police category[\s\S]*minEvents and withinHours go together/);
  });

  it('`live-risk rules show` lists the urgent rules in a section of their own', () => {
    const section = rulesTables(rules).sections.find((candidate) => candidate.heading.startsWith('Urgent'));
    expect(section?.rows).toEqual([
      ['urgent.child-missing', 'police', expect.any(String), 'a linked member under 18', 'a child reported missing'],
      ['urgent.s136-detention', 'police', expect.any(String), 'any one', 'a mental-health detention (section 136)'],
      ['urgent.repeat-domestic-abuse-24h', 'police', expect.any(String), '2 or more within 24 hours', 'a second domestic-abuse call-out within 24 hours'],
    ]);
  });
});
