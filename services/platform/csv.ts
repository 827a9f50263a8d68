/**
 * The one RFC 4180 CSV tokenizer and quoter of live-risk, shared by every CSV reader and writer
 * (the cohort export, batch linkage) so quoting rules and error messages are the same everywhere.
 */

/** Quotes a field only where RFC 4180 needs it: when it holds a comma, a quote or a line break. */
export const quoteCsvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/**
 * RFC 4180 records with the physical line each starts on. A quoted field may hold commas, doubled
 * quotes and line breaks; CRLF, LF and lone CR all end a record. A malformed record is reported
 * and skipped to the end of its line so one bad row never hides the rest of the file.
 */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const skipLineBreak = () => {
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
  };
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      if (text[i] === '"') {
        let value = '';
        let closed = false;
        for (let from = i + 1; ; ) {
          const quote = text.indexOf('"', from);
          if (quote === -1) {
            i = text.length;
            break;
          }
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
          yield { line: startLine, error: 'a quoted field starting on this line is never closed; add the closing quote (") — the rest of the file was not read' };
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
      if (i >= text.length) break;
      if (text[i] === ',' && !error) {
        i++;
        continue;
      }
      skipLineBreak();
      break;
    }
    yield error ? { line: startLine, error } : { line: startLine, fields };
  }
}
