import { join } from 'node:path';
import { z } from 'zod';
import { agencies, codeListByAgency, narrative, perAgency, riskLevels, text, type Agency, type RiskLevel } from '../contracts';
import { loadJsonDocument, parseJsonDocument, type IssueSink, type JsonFileHints, type Reading } from '../platform/json-file';

/**
 * Risk rules are data, agreed with partners and versioned: a JSON file validated here at start-up.
 *
 *   { "version": "2026.1", "description": "...",
 *     "agencies": { "police": { "categories": { "DOMESTIC_ABUSE": "high", ... },
 *                               "thresholds": [ { "id", "categories"?, "minEvents", "withinDays", "raisesTo", "says" } ] },
 *                   "housing": {...}, "health": {...} },
 *     "widerPicture": [ { "id", "minAgencies", "withinDays", "raisesTo", "says" } ],
 *     "urgent": [ { "id", "agency", "categories", "linkedChildUnder"?, "minEvents"?, "withinHours"?, "says" } ] }
 *
 * Every category in an agency's code list must be rated, so nothing is ever rated by accident.
 * Thresholds belong to one agency because partners define "high risk" differently; wider-picture
 * rules look across agencies. Urgent rules (from 2026.3) mark what cannot wait for the morning
 * digest: services/urgent alerts the practitioner, or the duty team at night, at once.
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

/**
 * An urgent rule: an event of these categories is urgent on its own, or only when a linked member
 * is under `linkedChildUnder` years old on the day it happened, or only when the family has
 * `minEvents` of them within `withinHours` (this one included).
 */
const urgentRule = z
  .object({
    id: ruleId,
    agency: z.enum(agencies),
    categories: z.array(z.string()).min(1),
    linkedChildUnder: z.number().int().min(1).max(25).optional().describe('only when a linked member is younger than this'),
    minEvents: z.number().int().min(2).optional().describe('only when the family has this many such events (omitted: one is enough)'),
    withinHours: z.number().int().min(1).max(168).optional().describe('the span those events fall in; required with minEvents'),
    says,
  })
  .strict()
  .refine((rule) => (rule.minEvents === undefined) === (rule.withinHours === undefined), { message: 'minEvents and withinHours go together', path: ['withinHours'] });

const agencyRules = z
  .object({ categories: z.record(z.string(), level), thresholds: z.array(agencyThreshold).default([]) })
  .strict();

type AgencyRules = z.infer<typeof agencyRules>;
type RuleSetShape = Readonly<{ agencies: Partial<Record<Agency, AgencyRules>>; widerPicture: readonly CrossAgencyRule[]; urgent: readonly UrgentRule[] }>;

/**
 * Today's rules are held to today's code lists: every agency present and every category rated. A
 * released file is read as it was written: an agency or category it lacks did not exist then, so
 * it has no rule (and the agency no thresholds). Codes the file names must still be real codes,
 * since codes are only ever added.
 */

const checkCodes = (reading: Reading) => (rules: RuleSetShape, context: IssueSink) => {
  const seen = new Set<string>();
  const claim = (id: string, path: (string | number)[]) => {
    if (seen.has(id)) context.addIssue({ code: 'custom', path, message: `rule id "${id}" is used twice; ids must be unique` });
    seen.add(id);
  };
  for (const agency of agencies) {
    const ofAgency = rules.agencies[agency];
    if (!ofAgency) continue; // only an archived file may lack an agency: it had not joined then
    const known = Object.keys(codeListByAgency[agency]);
    const rated = ofAgency.categories;
    if (reading === 'current') {
      for (const category of known.filter((code) => !(code in rated))) {
        context.addIssue({ code: 'custom', path: ['agencies', agency, 'categories'], message: `${category} has no level; every ${agency} category must be rated` });
      }
    }
    for (const category of Object.keys(rated).filter((code) => !known.includes(code))) {
      context.addIssue({ code: 'custom', path: ['agencies', agency, 'categories', category], message: `${category} is not in the ${agency} code list (${known.join(', ')})` });
    }
    ofAgency.thresholds.forEach((threshold, index) => {
      claim(threshold.id, ['agencies', agency, 'thresholds', index, 'id']);
      for (const category of threshold.categories ?? []) {
        if (!known.includes(category)) {
          context.addIssue({ code: 'custom', path: ['agencies', agency, 'thresholds', index], message: `${category} is not a ${agency} category` });
        }
      }
    });
  }
  rules.widerPicture.forEach((rule, index) => claim(rule.id, ['widerPicture', index, 'id']));
  rules.urgent.forEach((rule, index) => {
    claim(rule.id, ['urgent', index, 'id']);
    const known = Object.keys(codeListByAgency[rule.agency]);
    for (const category of rule.categories.filter((code) => !known.includes(code))) {
      context.addIssue({ code: 'custom', path: ['urgent', index, 'categories'], message: `${category} is not a ${rule.agency} category` });
    }
  });
};

const ruleSetFields = {
  version: text({ min: 1, max: 50 }),
  description: narrative({ max: 1000 }).default(''),
  widerPicture: z.array(crossAgencyRule).default([]),
  // Absent from files before 2026.3: nothing was urgent then.
  urgent: z.array(urgentRule).default([]),
};

/** Today's rules: every agency of the code list, every category rated. */
export const ruleSetSchema = z.object({ ...ruleSetFields, agencies: perAgency(agencyRules) }).strict().superRefine(checkCodes('current'));
/** A released or recorded rule set, read as it was: what it lacks did not exist then. */
export const archivedRuleSetSchema = z.object({ ...ruleSetFields, agencies: perAgency(agencyRules.optional()) }).strict().superRefine(checkCodes('archived'));

/** Any rule set, today's or archived: an agency that had not joined yet is absent. */
export type RuleSet = Readonly<z.infer<typeof archivedRuleSetSchema>>;
/** Today's rule set: every agency present. */
export type CurrentRuleSet = Readonly<z.infer<typeof ruleSetSchema>>;
export type AgencyThreshold = Readonly<z.infer<typeof agencyThreshold>>;
export type CrossAgencyRule = Readonly<z.infer<typeof crossAgencyRule>>;
export type UrgentRule = Readonly<z.infer<typeof urgentRule>>;

/** Every released rule set is kept here (sub-folders too), so a past digest can be rebuilt with its version. */
export const ruleSetsDirectory = join(__dirname, 'rule-sets');
export const builtInRuleSetFile = join(ruleSetsDirectory, 'default.json');

const ruleSetFileHints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_RULES_FILE (or --rules) names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in rules are in services/risk/rule-sets/default.json',
  invalid: 'fix the file (see "Risk rules" in README.md), or unset LIVE_RISK_RULES_FILE to use the built-in rules; to read a released version as it was, `live-risk rules show --released --rules FILE`',
};

/** Parses today's rule set, or explains every problem with its path so the author can fix the file. */
export function parseRuleSet(json: unknown, source: string): CurrentRuleSet {
  return parseJsonDocument(ruleSetSchema, json, 'the risk rules', source, ruleSetFileHints);
}

const archivedRuleSetHints: JsonFileHints = {
  ...ruleSetFileHints,
  invalid: 'a released rule set must never change: restore the file as it was released (git log shows it), or record the version it claims',
};

/** Parses a rule set a past digest was built with, as it was: see `Reading`. */
export function parseArchivedRuleSet(json: unknown, source: string): RuleSet {
  return parseJsonDocument(archivedRuleSetSchema, json, 'the archived risk rules', source, archivedRuleSetHints);
}

export function loadArchivedRuleSet(file: string): RuleSet {
  return loadJsonDocument(archivedRuleSetSchema, file, 'the archived risk rules', archivedRuleSetHints);
}

export function loadRuleSet(file: string = builtInRuleSetFile): CurrentRuleSet {
  return loadJsonDocument(ruleSetSchema, file, 'the risk rules', ruleSetFileHints);
}

export function categoryLevel(rules: RuleSet, agency: Agency, category: string): RiskLevel | undefined {
  const rated = rules.agencies[agency]?.categories;
  return rated && Object.prototype.hasOwnProperty.call(rated, category) ? rated[category] : undefined;
}
