export { builtInRuleSetFile, categoryLevel, loadRuleSet, parseRuleSet, ruleSetSchema, type RuleSet } from './rule-set';
export { rateMatch, type ItemRating } from './rate-item';
export { historyEvent, longestLookBackDays, widerPictureFindings, type HistoryEvent } from './wider-picture';
export { rulesTables } from './rules-table';
