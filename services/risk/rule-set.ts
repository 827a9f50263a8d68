import { join } from 'node:path';
import { z } from 'zod';
import { agencies, codeListByAgency, narrative, riskLevels, text, type Agency, type RiskLevel } from '../contracts';
import { loadJsonDocument, parseJsonDocument, type JsonFileHints } from '../platform/json-file';

/**
 * Risk rules are data, agreed with partners and versioned: a JSON file validated here at start-up.
 *
 *   { "version": "2026.1", "description": "...",
 *     "agencies": { "police": { "categories": { "DOMESTIC_ABUSE": "high", ... },
 *                               "thresholds": [ { "id", "categories"?, "minEvents", "withinDays", "raisesTo", "says" } ] },
 *                   "housing": {...}, "health": {...} },
 *     "widerPicture": [ { "id", "minAgencies", "withinDays", "raisesTo", "says" } ] }
 *
 * Every category in an agency's code list must be rated, so nothing is ever rated by accident.
 * Thresholds belong to one agency because partners define "high risk" differently; wider-picture
 * rules look across agencies.
 */
const level = z.enum(riskLevels);
const ruleId = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'rule ids are lower-case words joined by dots or dashes');
const days = z.number().int().min(1).max(366);
// Copied into digests (a finding's text, an item's reason), so it follows the events' one-line text rule.
const says = text({ min: 3, max: 200 }).describe('what the rule saw, in plain words, e.g. "repeated domestic-abuse call-outs"');

const agencyThreshold = z
  .object({
    id: ruleId,
    categories: z.array(z.string()).min(1).optional().describe('omitted: any category of this agency'),
    minEvents: z.number().int().min(2),
    withinDays: days,
    raisesTo: level,
    says,
  })
  .strict();

const crossAgencyRule = z
  .object({ id: ruleId, minAgencies: z.number().int().min(2).max(agencies.length), withinDays: days, raisesTo: level, says })
  .strict();

const agencyRules = z
  .object({ categories: z.record(z.string(), level), thresholds: z.array(agencyThreshold).default([]) })
  .strict();

export const ruleSetSchema = z
  .object({
    version: text({ min: 1, max: 50 }),
    description: narrative({ max: 1000 }).default(''),
    agencies: z.object(Object.fromEntries(agencies.map((agency) => [agency, agencyRules])) as Record<Agency, typeof agencyRules>).strict(),
    widerPicture: z.array(crossAgencyRule).default([]),
  })
  .strict()
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    const claim = (id: string, path: (string | number)[]) => {
      if (seen.has(id)) context.addIssue({ code: 'custom', path, message: `rule id "${id}" is used twice; ids must be unique` });
      seen.add(id);
    };
    for (const agency of agencies) {
      const known = Object.keys(codeListByAgency[agency]);
      const rated = rules.agencies[agency].categories;
      for (const category of known.filter((code) => !(code in rated))) {
        context.addIssue({ code: 'custom', path: ['agencies', agency, 'categories'], message: `${category} has no level; every ${agency} category must be rated` });
      }
      for (const category of Object.keys(rated).filter((code) => !known.includes(code))) {
        context.addIssue({ code: 'custom', path: ['agencies', agency, 'categories', category], message: `${category} is not in the ${agency} code list (${known.join(', ')})` });
      }
      rules.agencies[agency].thresholds.forEach((threshold, index) => {
        claim(threshold.id, ['agencies', agency, 'thresholds', index, 'id']);
        for (const category of threshold.categories ?? []) {
          if (!known.includes(category)) {
            context.addIssue({ code: 'custom', path: ['agencies', agency, 'thresholds', index], message: `${category} is not a ${agency} category` });
          }
        }
      });
    }
    rules.widerPicture.forEach((rule, index) => claim(rule.id, ['widerPicture', index, 'id']));
  });

export type RuleSet = Readonly<z.infer<typeof ruleSetSchema>>;
export type AgencyThreshold = Readonly<z.infer<typeof agencyThreshold>>;
export type CrossAgencyRule = Readonly<z.infer<typeof crossAgencyRule>>;

/** Every released rule set is kept here (sub-folders too), so a past digest can be rebuilt with its version. */
export const ruleSetsDirectory = join(__dirname, 'rule-sets');
export const builtInRuleSetFile = join(ruleSetsDirectory, 'default.json');

const ruleSetFileHints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_RULES_FILE (or --rules) names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in rules are in services/risk/rule-sets/default.json',
  invalid: 'fix the file (see "Risk rules" in README.md), or unset LIVE_RISK_RULES_FILE to use the built-in rules',
};

/** Parses a rule set, or explains every problem with its path so the author can fix the file. */
export function parseRuleSet(json: unknown, source: string): RuleSet {
  return parseJsonDocument(ruleSetSchema, json, 'the risk rules', source, ruleSetFileHints);
}

export function loadRuleSet(file: string = builtInRuleSetFile): RuleSet {
  return loadJsonDocument(ruleSetSchema, file, 'the risk rules', ruleSetFileHints);
}

export function categoryLevel(rules: RuleSet, agency: Agency, category: string): RiskLevel | undefined {
  return rules.agencies[agency].categories[category];
}
