import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { LiveRiskError } from './errors';

/**
 * Versioned JSON files people edit (risk rules, the sharing policy): read, parsed and validated at
 * start-up, and refused with every problem and where it is, so the author can fix the file at once.
 */
export type JsonFileHints = Readonly<{ unreadable: string; notJson: string; invalid: string }>;

/**
 * How strictly a versioned file is read. `current`: the file in force today, held to today's code
 * lists. `archived`: a released or recorded version a past digest used, read as it was written, so
 * an agency or code added since is simply absent ("did not exist then") rather than an error.
 */
export type Reading = 'current' | 'archived';

/** Where a cross-field check reports problems (zod's refinement context, as far as the checks need it). */
export type IssueSink = { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void };

/** `what` names the document as a sentence's subject, e.g. "the sharing policy". */
export function parseJsonDocument<S extends z.ZodType>(schema: S, json: unknown, what: string, source: string, hints: Pick<JsonFileHints, 'invalid'>): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n');
  throw new LiveRiskError('CONFIG_INVALID', `${what} in ${source}: not valid:\n${problems}`, { hint: hints.invalid });
}

export function loadJsonDocument<S extends z.ZodType>(schema: S, file: string, what: string, hints: JsonFileHints): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read ${what} file ${file}: ${(error as Error).message}`, { hint: hints.unreadable });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `${what} file ${file} is not JSON: ${(error as Error).message}`, { hint: hints.notJson });
  }
  return parseJsonDocument(schema, json, what, file, hints);
}
