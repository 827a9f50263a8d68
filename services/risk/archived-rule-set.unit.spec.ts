import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeListByAgency } from '../contracts';
import { rateMatch } from './rate-item';
import { categoryLevel, loadRuleSet, parseArchivedRuleSet, parseRuleSet, ruleSetsDirectory } from './rule-set';
import { rulesTables } from './rules-table';
import { longestLookBackDays, widerPictureFindings, type HistoryEvent } from './wider-picture';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the rules as loose JSON */
const released2026_1 = (): Record<string, any> => JSON.parse(readFileSync(join(ruleSetsDirectory, 'released', '2026.1.json'), 'utf8'));
const builtIn = (): Record<string, any> => JSON.parse(JSON.stringify(loadRuleSet()));

describe('an archived rule set is read as it was', () => {
  it('the 2026.1 rules, released before schools joined, still parse, and education had no rule then', () => {
    const archived = parseArchivedRuleSet(released2026_1(), 'released/2026.1.json');
    expect(archived.version).toBe('2026.1');
    expect(archived.agencies.education).toBeUndefined();
    expect(categoryLevel(archived, 'education', 'SAFEGUARDING_CONCERN')).toBeUndefined();
    expect(categoryLevel(archived, 'police', 'DOMESTIC_ABUSE')).toBe('high');
    expect(rulesTables(archived).sections[0].rows.map((row) => row[1])).not.toContain('education');
    expect(longestLookBackDays(archived)).toBe(28);
  });

  it('the same file is refused as the rules in force today, naming the agency it lacks', () => {
    expect(() => parseRuleSet(released2026_1(), 'rules.json')).toThrow(/agencies\.education: Invalid input: expected object, received undefined/);
  });

  it('a code added since is absent from the archived file: it did not exist, so it has no rule, while today it must be rated', () => {
    const rules = builtIn();
    delete rules.agencies.police.categories.VICTIM_OF_CRIME; // as if VICTIM_OF_CRIME had been added after this file
    const archived = parseArchivedRuleSet(rules, 'archived.json');
    expect(categoryLevel(archived, 'police', 'VICTIM_OF_CRIME')).toBeUndefined();
    expect(rateMatch(archived, { event: { agency: 'police', category: 'VICTIM_OF_CRIME' } as never })).toMatchObject({ riskLevel: 'information', rule: { id: 'police.unrated' } });
    expect(() => parseRuleSet(rules, 'today.json')).toThrow(/VICTIM_OF_CRIME has no level; every police category must be rated/);
  });

  it('an agency absent from an archived file has no thresholds: its events raise nothing', () => {
    const archived = parseArchivedRuleSet(released2026_1(), 'released/2026.1.json');
    const concerns: HistoryEvent[] = [0, 1, 2].map((day) => ({ matchId: `e${day}`, agency: 'education', category: 'SAFEGUARDING_CONCERN', occurredAt: Date.UTC(2026, 2, 1 + day) }));
    expect(widerPictureFindings(archived, concerns, () => true)).toEqual([]);
    expect(widerPictureFindings(loadRuleSet(), concerns, () => true).map((finding) => finding.rule.id)).toEqual(['education.repeat-concerns']);
  });

  it('still refuses what was never valid: a code that is in no code list, or a duplicate rule id', () => {
    const rules = released2026_1();
    rules.agencies.police.categories.BURGLARY = 'high';
    rules.widerPicture.push({ ...rules.widerPicture[0] });
    expect(() => parseArchivedRuleSet(rules, 'archived.json')).toThrow(/BURGLARY is not in the police code list[\s\S]*rule id "multi-agency-7-days" is used twice/);
  });

  it('every agency of today is rated in full by the rules in force', () => {
    const rules = loadRuleSet();
    for (const [agency, codes] of Object.entries(codeListByAgency)) {
      expect(Object.keys(rules.agencies[agency as keyof typeof codeListByAgency].categories).sort()).toEqual(Object.keys(codes).sort());
    }
  });
});
