import { join } from 'node:path';
import { z } from 'zod';
import { agencies, codeListByAgency, narrative, text } from '../contracts';
import { loadJsonDocument, parseJsonDocument, type IssueSink, type JsonFileHints } from '../platform/json-file';

/**
 * Eligibility criteria are data, like the risk rules: a versioned JSON file an analyst writes and
 * governance approves, validated here whenever it is read.
 *
 *   { "version": "2026.1", "description": "...",
 *     "criteria": [ { "id": "repeat-domestic-abuse", "says": "two or more police domestic-abuse call-outs in a year",
 *                     "events": [ { "agency": "police", "categories": ["DOMESTIC_ABUSE"] } ],
 *                     "minEvents": 2, "withinDays": 365, "counts": "household" } ] }
 *
 * A criterion counts the events of the agencies and categories it names (omitted categories: any of
 * that agency) that occurred in the `withinDays` calendar days ending on the report's as-of date, and
 * is met with at least `minEvents` of them. `counts` says whose events: any member's and the
 * household's own together (`household`), or one person's (`person`: some member has that many;
 * an event linked by address alone names no one, so it counts only for the household).
 *
 * The past stays readable: a criteria file is read as it was written. It names only what it uses, so
 * an agency or code added since never makes it invalid, and a field added later is optional with a
 * default that means what the file meant then (`counts` absent: household). Codes it names must still
 * be real codes, so a typo is still refused.
 */
const criterionId = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'criterion ids are lower-case words joined by dots or dashes');

const eventSelector = z
  .object({
    agency: z.enum(agencies),
    categories: z.array(z.string()).min(1).optional().describe('omitted: any category of this agency'),
  })
  .strict();

export const countingLevels = ['household', 'person'] as const;
export type CountingLevel = (typeof countingLevels)[number];

const criterion = z
  .object({
    id: criterionId,
    // Printed in the report for governance, so one line of plain text.
    says: text({ min: 3, max: 200 }).describe('the criterion in plain words, e.g. "two or more police domestic-abuse call-outs in a year"'),
    events: z.array(eventSelector).min(1),
    minEvents: z.number().int().min(1).max(1000),
    withinDays: z.number().int().min(1).max(3660),
    counts: z.enum(countingLevels).default('household').describe('household: any member or the household; person: one member'),
  })
  .strict();

function checkCriteria(set: { criteria: ReadonlyArray<z.infer<typeof criterion>> }, context: IssueSink): void {
  const seen = new Set<string>();
  set.criteria.forEach((entry, index) => {
    if (seen.has(entry.id)) context.addIssue({ code: 'custom', path: ['criteria', index, 'id'], message: `criterion id "${entry.id}" is used twice; ids must be unique` });
    seen.add(entry.id);
    entry.events.forEach((selector, at) => {
      const known = Object.keys(codeListByAgency[selector.agency]);
      for (const category of selector.categories ?? []) {
        if (!known.includes(category)) {
          context.addIssue({ code: 'custom', path: ['criteria', index, 'events', at, 'categories'], message: `${category} is not in the ${selector.agency} code list (${known.join(', ')})` });
        }
      }
    });
  });
}

export const criteriaSetSchema = z
  .object({
    version: text({ min: 1, max: 50 }),
    description: narrative({ max: 1000 }).default(''),
    criteria: z.array(criterion).min(1),
  })
  .strict()
  .superRefine(checkCriteria);

export type CriteriaSet = Readonly<z.infer<typeof criteriaSetSchema>>;
export type Criterion = Readonly<z.infer<typeof criterion>>;
export type EventSelector = Readonly<z.infer<typeof eventSelector>>;

/** The example for the synthetic council; councils write their own and pass it with --criteria. */
export const criteriaSetsDirectory = join(__dirname, 'criteria-sets');
export const exampleCriteriaFile = join(criteriaSetsDirectory, 'example.json');

const hints: JsonFileHints = {
  unreadable: 'check --criteria names a readable JSON file (an example: services/criteria/criteria-sets/example.json)',
  notJson: 'check the file with a JSON validator; services/criteria/criteria-sets/example.json is an example to start from',
  invalid: 'fix the file (see "Eligibility criteria" in README.md); `live-risk criteria check FILE` validates it without running a report',
};

export function parseCriteriaSet(json: unknown, source: string): CriteriaSet {
  return parseJsonDocument(criteriaSetSchema, json, 'the eligibility criteria', source, hints);
}

export function loadCriteriaSet(file: string): CriteriaSet {
  return loadJsonDocument(criteriaSetSchema, file, 'the eligibility criteria', hints);
}
