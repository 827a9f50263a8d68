import { escapeUnsafe, loneSurrogate } from './visible-escapes';

/**
 * Nothing from outside reaches a terminal raw. Agency summaries, names, cohort references, URLs in
 * the audit log and dead-letter reasons are printed so that they cannot start a new line (a forged
 * "1. Family SF-FAKE: HIGH"), emit an escape sequence (ESC[8m hides the rows after it) or reorder
 * what is shown (Unicode bidi overrides, the "Trojan Source" trick). Each such character is written
 * as its visible escape, e.g. \u001b:
 *
 * - C0 controls, DEL and C1 controls (U+009B is an 8-bit CSI on some terminals);
 * - U+2028 and U+2029, line and paragraph separators that some tools break lines at;
 * - bidi embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069;
 * - lone UTF-16 surrogates.
 *
 * The contracts refuse most of these at the boundary already; this is for what is stored from
 * before, what never passes a contract (URLs, mail, CSV rejections) and whatever the next path is.
 * JSON output needs none of it: JSON.stringify escapes controls itself, and it must stay exact.
 */
const unsafeOnTerminal = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]|${loneSurrogate}`, 'g');

/** One value as it may appear on a terminal: on one line, with no escape sequence. */
export const escapeForTerminal = (value: unknown): string => escapeUnsafe(String(value), unsafeOnTerminal);

/**
 * terminal`Family ${reference}: ${level}\n` — the template's own text (newlines included) is kept,
 * every interpolated value is escaped. Build several lines by joining strings made this way; a value
 * interpolated into another template is escaped again, so its line breaks would show as \u000a.
 */
export function terminal(literals: TemplateStringsArray, ...values: readonly unknown[]): string {
  return values.reduce<string>((shown, value, index) => shown + escapeForTerminal(value) + literals[index + 1], literals[0]);
}

/** Text from outside that is meant to be several lines (an email's body): its line breaks are kept, all else escaped. */
export const escapeLinesForTerminal = (text: string): string => text.split(/\r?\n/).map(escapeForTerminal).join('\n');
