export { builtInRuleSetFile, categoryLevel, loadRuleSet, parseRuleSet, ruleSetSchema, ruleSetsDirectory, type RuleSet } from './rule-set';
export { rateMatch, type ItemRating } from './rate-item';
export { historyEvent, longestLookBackDays, widerPictureFindings, type HistoryEvent } from './wider-picture';
export { rulesTables } from './rules-table';
