import { loadRuleSet, parseRuleSet } from './rule-set';
import { rateMatch } from './rate-item';
import { longestLookBackDays, widerPictureFindings, type HistoryEvent } from './wider-picture';

const rules = loadRuleSet();
const day = 86_400_000;
const at = (days: number) => Date.parse('2026-03-01T12:00:00Z') + days * day;
const event = (matchId: string, agency: HistoryEvent['agency'], category: string, days: number): HistoryEvent => ({ matchId, agency, category, occurredAt: at(days) });
const everyEventIsNew = () => true;

describe('the wider picture', () => {
  it('sees two agencies within 7 days, but not 8 days apart', () => {
    const within = [event('a', 'police', 'ARREST', 0), event('b', 'housing', 'RENT_ARREARS', 7)];
    const apart = [event('a', 'police', 'ARREST', 0), event('b', 'housing', 'RENT_ARREARS', 8)];
    expect(widerPictureFindings(rules, within, everyEventIsNew).map((f) => f.rule.id)).toEqual(['multi-agency-7-days']);
    expect(widerPictureFindings(rules, apart, everyEventIsNew)).toEqual([]);
  });

  it("applies each agency's own threshold: three police incidents in 28 days, but three housing reports only raise to medium", () => {
    const police = [0, 10, 20].map((d, i) => event(`p${i}`, 'police', 'ANTI_SOCIAL_BEHAVIOUR', d));
    const housing = [0, 10, 20].map((d, i) => event(`h${i}`, 'housing', 'NOISE_COMPLAINT', d));
    expect(widerPictureFindings(rules, police, everyEventIsNew)).toEqual([
      expect.objectContaining({ rule: { id: 'police.repeat-incidents', version: '2026.3' }, raisesTo: 'high', text: 'Three or more police incidents: 3 police events within 28 days' }),
    ]);
    expect(widerPictureFindings(rules, housing, everyEventIsNew)).toEqual([
      expect.objectContaining({ rule: { id: 'housing.repeat-reports', version: '2026.3' }, raisesTo: 'medium' }),
    ]);
  });

  it('fires only when an event of the pattern is new to the digest', () => {
    const history = [event('old1', 'police', 'DOMESTIC_ABUSE', 0), event('old2', 'police', 'DOMESTIC_ABUSE', 5), event('new', 'police', 'DOMESTIC_ABUSE', 40)];
    expect(widerPictureFindings(rules, history, (id) => id === 'new')).toEqual([]);
    expect(widerPictureFindings(rules, history, (id) => id === 'old2').map((f) => f.rule.id)).toEqual(['police.repeat-domestic-abuse']);
  });

  it('uses the thresholds of the rule set given, so a stricter set flags less', () => {
    const stricter = JSON.parse(JSON.stringify(rules));
    stricter.version = 'strict';
    stricter.widerPicture[0].minAgencies = 3;
    const history = [event('a', 'police', 'ARREST', 0), event('b', 'health', 'SELF_HARM', 1)];
    expect(widerPictureFindings(parseRuleSet(stricter, 'test'), history, everyEventIsNew)).toEqual([]);
    expect(longestLookBackDays(rules)).toBe(28);
  });

  it("rates a single event by its agency's level for the category", () => {
    const rated = rateMatch(rules, { event: { agency: 'housing', category: 'EVICTION_NOTICE' } as never });
    expect(rated).toEqual({ riskLevel: 'high', rule: { id: 'housing.EVICTION_NOTICE', version: '2026.3' }, ratedBecause: 'Housing rate "Notice seeking possession or eviction" as high risk' });
  });
});
