/**
 * Every way a stored value may carry text, unwrapped into plain strings to search. A value is
 * searched as it is and, where it holds more, as what it holds:
 *
 *   0x00 | schema id (int32 BE) | JSON    schema-registry wire format: the JSON after the 5-byte header
 *   {"people":[{"givenName":"Zo\u00eb"}]} JSON: every string and number in it, escapes decoded
 *   eyJwZW9wbGUiOlt7Imdp…                  base64 (dead letters keep the original bytes so): decoded, then again
 *
 * Pure, and bounded: nesting deeper than `maxDepth` is searched as it is, not unwrapped further.
 */
const maxDepth = 4;
const base64Like = /^(?:[A-Za-z0-9+/]{4}){2,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Mostly readable text, not binary that happened to decode: at most 1 in 10 characters a control or replacement. */
function readable(text: string): boolean {
  if (text.length === 0) return false;
  let odd = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) odd += 1;
  }
  return odd * 10 <= text.length;
}

function fromJson(text: string, depth: number, out: string[]): void {
  const trimmed = text.trimStart();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed.startsWith('"'))) return;
  let document: unknown;
  try {
    document = JSON.parse(trimmed);
  } catch {
    return;
  }
  const walk = (value: unknown): void => {
    if (typeof value === 'string') textsOf(value, depth + 1, out);
    else if (typeof value === 'number') out.push(String(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(document);
}

function textsOf(text: string, depth: number, out: string[]): void {
  out.push(text);
  if (depth >= maxDepth) return;
  fromJson(text, depth, out);
  if (text.length >= 8 && base64Like.test(text)) {
    const decoded = Buffer.from(text, 'base64');
    bytesTexts(decoded, depth + 1, out);
  }
}

function bytesTexts(bytes: Buffer, depth: number, out: string[]): void {
  if (bytes.length >= 5 && bytes[0] === 0x00) {
    const document = bytes.subarray(5).toString('utf8');
    if (readable(document)) textsOf(document, depth, out);
  }
  const text = bytes.toString('utf8');
  if (readable(text)) textsOf(text, depth, out);
  // Not UTF-8 throughout: perhaps Latin-1 or Windows-1252, as older systems export ("Zo\xeb").
  if (text.includes('\ufffd')) out.push(bytes.toString('latin1'));
}

/** The strings to search in a stored value: bytes (a Kafka message, a bytea column) or text. */
export function searchableTexts(value: Buffer | string | null | undefined): string[] {
  const out: string[] = [];
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') textsOf(value, 0, out);
  else bytesTexts(value, 0, out);
  return out;
}
