import { agencyName, categoryInfo, type MatchLinked, type RiskLevel } from '../contracts';
import { categoryLevel, type RuleSet } from './rule-set';

export type ItemRating = Readonly<{ riskLevel: RiskLevel; rule: { id: string; version: string }; ratedBecause: string }>;

/** Rates one linked event by its agency's level for the category. Pure. */
export function rateMatch(rules: RuleSet, match: Pick<MatchLinked, 'event'>): ItemRating {
  const { agency, category } = match.event;
  const label = categoryInfo(agency, category)?.label ?? category;
  const level = categoryLevel(rules, agency, category);
  if (!level) {
    // Unreachable with the rules in force (they rate every code). An archived rule set lacks only codes
    // that did not exist while it was in force; kept so a gap can never hide an event.
    return {
      riskLevel: 'information',
      rule: { id: `${agency}.unrated`, version: rules.version },
      ratedBecause: `${agencyName(agency)} category "${label}" has no rule, so it is shown for information`,
    };
  }
  return {
    riskLevel: level,
    rule: { id: `${agency}.${category}`, version: rules.version },
    ratedBecause: `${agencyName(agency)} rate "${label}" as ${level} risk`,
  };
}
