import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveRiskError } from '../platform/errors';
import { builtInRuleSetFile, loadRuleSet, parseRuleSet } from './rule-set';
import { rulesTables } from './rules-table';

const builtIn = () => JSON.parse(JSON.stringify(loadRuleSet())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests edit the rules as loose JSON to break them

function problemsWith(json: unknown): string {
  try {
    parseRuleSet(json, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRiskError);
    expect((error as LiveRiskError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected the rule set to be rejected');
}

describe('risk rule sets', () => {
  it('loads the built-in rule set, which rates every category of every agency', () => {
    const rules = loadRuleSet();
    expect(rules.version).toBe('2026.3');
    expect(rules.agencies.police.categories.DOMESTIC_ABUSE).toBe('high');
    expect(loadRuleSet(builtInRuleSetFile)).toEqual(rules);
  });

  it('refuses a rule set that leaves a category unrated, naming the category', () => {
    const rules = builtIn();
    delete rules.agencies.health.categories.SELF_HARM;
    expect(problemsWith(rules)).toContain('agencies.health.categories: SELF_HARM has no level; every health category must be rated');
  });

  it('refuses categories that are not in the code list, and rule ids used twice', () => {
    const rules = builtIn();
    rules.agencies.police.categories.BURGLARY = 'high';
    rules.widerPicture.push({ ...rules.widerPicture[0] });
    const message = problemsWith(rules);
    expect(message).toContain('BURGLARY is not in the police code list');
    expect(message).toContain('rule id "multi-agency-7-days" is used twice');
  });

  it('refuses a level that does not exist, naming where it is', () => {
    const rules = builtIn();
    rules.agencies.housing.categories.RENT_ARREARS = 'severe';
    expect(problemsWith(rules)).toMatch(/agencies\.housing\.categories\.RENT_ARREARS: .*"high"\|"medium"\|"low"\|"information"/);
  });

  it('refuses finding text that would break a digest, as the events would: a line break or an escape sequence', () => {
    const rules = builtIn();
    rules.widerPicture[0].says = 'two agencies\nwithin a week';
    rules.version = '2026.1\u001b[8m';
    const message = problemsWith(rules);
    expect(message).toContain('widerPicture.0.says: contains a line break (U+000A) at position 13; this field is a single line');
    expect(message).toContain('version: contains a control character (U+001B) at position 7');
  });

  it('explains an unreadable or non-JSON file with what to do next', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    writeFileSync(join(dir, 'broken.json'), '{ "version": ');
    expect(() => loadRuleSet(join(dir, 'broken.json'))).toThrow(/is not JSON/);
    expect(() => loadRuleSet(join(dir, 'missing.json'))).toThrow(/cannot read the risk rules file/);
  });

  it('prints as tables: every category, every threshold, every wider-picture rule', () => {
    const tables = rulesTables(loadRuleSet());
    const [base, thresholds, wider] = tables.sections;
    expect(base.rows).toContainEqual(['police.DOMESTIC_ABUSE', 'police', 'Domestic abuse incident', 'high']);
    expect(base.rows).toHaveLength(8 + 7 + 6 + 7);
    expect(thresholds.rows.map((row) => row[0])).toContain('police.repeat-domestic-abuse');
    expect(wider.rows[0]).toEqual(['multi-agency-7-days', 'events from 2 or more agencies within 7 days', 'high', 'two or more agencies involved']);
  });
});
