export { builtInRuleSetFile, categoryLevel, loadArchivedRuleSet, loadRuleSet, parseArchivedRuleSet, parseRuleSet, archivedRuleSetSchema, ruleSetSchema, ruleSetsDirectory, type CurrentRuleSet, type RuleSet, type UrgentRule } from './rule-set';
export { rateMatch, type ItemRating } from './rate-item';
export { historyEvent, longestLookBackDays, widerPictureFindings, type HistoryEvent } from './wider-picture';
export { rulesTables } from './rules-table';
