/**
 * The one RFC 4180 CSV tokenizer and quoter of live-risk, shared by every CSV reader and writer
 * (the cohort export, batch linkage, agency extracts) so quoting rules and error messages are the
 * same everywhere. `csvRecords` reads a whole string; `csvRecordStream` reads chunks of any size
 * with the same tokenizer, holding only the record that is not finished yet.
 */

/** Quotes a field only where RFC 4180 needs it: when it holds a comma, a quote or a line break. */
export const quoteCsvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Where the tokenizer stands: the offset of the next record in the text and its physical line. */
type Position = { i: number; line: number };

const unclosedQuote = 'a quoted field starting on this line is never closed; add the closing quote (") — the rest of the file was not read';

/**
 * RFC 4180 records with the physical line each starts on. A quoted field may hold commas, doubled
 * quotes and line breaks; CRLF, LF and lone CR all end a record. A malformed record is reported
 * and skipped to the end of its line so one bad row never hides the rest of the file.
 *
 * With `final` false the text is a prefix of more to come: a record whose end is not in `text` yet
 * (a field may still grow, a quote may close later, a CR may be followed by LF) is not yielded, and
 * `at` is left at its start so the caller can prepend it to the next chunk. A whole record is
 * always tokenized in one call, so chunk boundaries never change the result.
 */
function* tokenize(text: string, at: Position, final: boolean): Generator<CsvRecord> {
  let i = at.i;
  let line = at.line;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    let complete = false;
    for (;;) {
      if (text[i] === '"') {
        let value = '';
        let closed = false;
        for (let from = i + 1; ; ) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (!final && quote + 1 === text.length)) break; // a quote at the very end may be the first of a doubled pair
          value += text.slice(from, quote);
          if (text[quote + 1] === '"') {
            value += '"';
            from = quote + 2;
            continue;
          }
          i = quote + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (!final) return;
          yield { line: startLine, error: unclosedQuote };
          at.i = text.length;
          return;
        }
        line += (value.match(/\r\n|\r|\n/g) ?? []).length;
        fields.push(value);
        if (i < text.length && !',\r\n'.includes(text[i])) error = 'text follows a closing quote; write a quote inside a quoted field as two quotes ("")';
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '\r' && text[end] !== '\n') end++;
        const value = text.slice(i, end);
        if (value.includes('"')) error = 'a quote appears inside an unquoted field; put the whole field in quotes and double the inner quote ("")';
        fields.push(value);
        i = end;
      }
      if (error) {
        while (i < text.length && text[i] !== '\r' && text[i] !== '\n') i++;
      }
      if (i >= text.length) {
        complete = final;
        break;
      }
      if (text[i] === ',' && !error) {
        i++;
        continue;
      }
      if (text[i] === '\r' && i + 1 === text.length && !final) break; // CR LF may be split between chunks
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      complete = true;
      break;
    }
    if (!complete) return;
    yield error ? { line: startLine, error } : { line: startLine, fields };
    at.i = i;
    at.line = line;
  }
}

/** A record still unfinished after this many characters almost always has a quote never closed. */
export const maxCsvRecordChars = 1 << 20;

const withoutBom = (text: string): number => (text.charCodeAt(0) === 0xfeff ? 1 : 0);

export function* csvRecords(text: string): Generator<CsvRecord> {
  yield* tokenize(text, { i: withoutBom(text), line: 1 }, true);
}

/** Chunks of text or UTF-8 bytes: a Node Readable (file, upload body) or any async iterable. */
export type CsvSource = AsyncIterable<string | Uint8Array>;

/**
 * The same records as `csvRecords`, read from a stream. Bytes are decoded as UTF-8 in streaming
 * mode, so a character split between chunks survives; a leading byte-order mark is dropped. Memory
 * is one chunk plus the unfinished record, however long the file.
 */
export async function* csvRecordStream(source: CsvSource): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder('utf-8');
  const at: Position = { i: 0, line: 1 };
  let pending = '';
  let started = false;
  const take = function* (chunk: string, final: boolean): Generator<CsvRecord> {
    let text = pending.length > 0 ? pending + chunk : chunk;
    if (!started && text.length > 0) {
      started = true;
      text = text.slice(withoutBom(text));
    }
    at.i = 0;
    yield* tokenize(text, at, final);
    pending = at.i >= text.length ? '' : text.slice(at.i);
  };
  for await (const chunk of source) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
    if (pending.length > maxCsvRecordChars) {
      // Holding the rest of the file for one record would make memory grow with the file.
      yield { line: at.line, error: `a record starting on this line is longer than ${maxCsvRecordChars} characters; most likely a quoted field is never closed — the rest of the file was not read` };
      return;
    }
  }
  yield* take(decoder.decode(), true);
}
