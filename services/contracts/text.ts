import { z } from 'zod';

/**
 * What text an event may carry. Decided here, once, for every topic and for the cohort CSV:
 *
 * - PostgreSQL cannot store U+0000 or a lone UTF-16 surrogate in text or jsonb, so a message holding
 *   one would stop a consumer on every retry. Such text is rejected at the boundary (dead-lettered,
 *   or a CSV row refused) instead.
 * - Control characters (C0, DEL, C1) have no place in names, ids or incident text, and an escape
 *   sequence in a summary is an attack on whoever prints it. Single-line fields allow none; narrative
 *   fields (a summary, a justification) allow tab, line feed and carriage return.
 * - Bidi controls (U+202A–U+202E, U+2066–U+2069) are allowed: right-to-left names need them. Terminal
 *   output escapes them instead (services/platform/terminal.ts).
 *
 * The rule is one regular expression per kind, so the JSON Schema publishers read carries it as
 * `pattern`. It is written for ECMA-262 without the u flag: a surrogate pair matches the second
 * branch as two code units, and a validator that sees code points instead matches the pair's code
 * point with the first branch; a lone surrogate matches neither. What the schema cannot say:
 * `maxLength` counts code points in JSON Schema and UTF-16 code units in zod, so text of astral
 * characters (emoji) can pass a JSON Schema validator and still be rejected here.
 */
export type TextKind = 'single-line' | 'narrative';

/* eslint-disable no-control-regex -- matching control characters is what these are for */
const patterns: Readonly<Record<TextKind, RegExp>> = {
  'single-line': /^(?:[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/,
  narrative: /^(?:[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/,
};
/* eslint-enable no-control-regex */

const isControl = (unit: number) => unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f);
const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
const narrativeWhitespace = new Set([0x09, 0x0a, 0x0d]);

/** U+001B: how every message here names a character, so "ESC" and "\x1b" never need explaining. */
export const codePointName = (unit: number): string => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What is wrong with a value as text of this kind, phrased to follow a field name
 * ("summary: contains a control character (U+001B) at position 12"), or undefined when it is fine.
 * Positions count UTF-16 code units from 1, as JavaScript and most JSON tooling do.
 */
export function textProblem(value: string, kind: TextKind): string | undefined {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    const position = index + 1;
    if (isHighSurrogate(unit) && isLowSurrogate(value.charCodeAt(index + 1))) {
      index++;
      continue;
    }
    if (isHighSurrogate(unit) || isLowSurrogate(unit)) {
      return `contains a lone UTF-16 surrogate (${codePointName(unit)}) at position ${position}, which is not Unicode text`;
    }
    if (!isControl(unit) || (kind === 'narrative' && narrativeWhitespace.has(unit))) continue;
    if (unit === 0x0a || unit === 0x0d) {
      return `contains a line break (${codePointName(unit)}) at position ${position}; this field is a single line`;
    }
    return `contains a control character (${codePointName(unit)}) at position ${position}` +
      (kind === 'narrative' ? '; only tab, line feed and carriage return are allowed' : '');
  }
  return undefined;
}

type Bounds = Readonly<{ min?: number; max?: number }>;

function textOf(kind: TextKind, { min, max }: Bounds) {
  // Length first, and abort there: a megabyte of text is refused for its length without scanning it.
  let schema = z.string();
  if (max !== undefined) schema = schema.max(max, { abort: true });
  if (min !== undefined) schema = schema.min(min);
  return schema.regex(patterns[kind], { error: (issue) => textProblem(String(issue.input), kind) ?? 'is not valid text' });
}

/** One line of text: a name, an id, an address line, a code. No control characters at all. */
export const text = (bounds: Bounds = {}) => textOf('single-line', bounds);

/** Free text a person wrote (an incident summary, a justification): tab, line feed and carriage return allowed. */
export const narrative = (bounds: Bounds = {}) => textOf('narrative', bounds);
