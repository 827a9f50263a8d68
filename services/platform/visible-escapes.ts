/**
 * The one way live-risk writes a character that must not appear raw (in a dead-letter reason, on a
 * terminal): as the JSON/JavaScript escape of its UTF-16 code unit, `\u001b`. It is visible, short,
 * and every reader of this project already knows it. Backslashes are left alone, so a reason or a
 * name that really contains `\u001b` as text reads the same; the exact value is in the JSON output.
 */
export const visibleEscape = (character: string): string =>
  Array.from({ length: character.length }, (_, index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`).join('');

/** `text` with every match of `unsafe` (a global pattern of single code units) written as its escape. */
export const escapeUnsafe = (text: string, unsafe: RegExp): string => text.replace(unsafe, visibleEscape);

/** A lone UTF-16 surrogate: half of a pair without the other half. Not Unicode text; PostgreSQL refuses it. */
export const loneSurrogate = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
