import { Readable } from 'node:stream';
import { csvRecordStream, csvRecords, maxCsvRecordChars, type CsvRecord } from './csv';

const collect = async (chunks: Array<string | Uint8Array>): Promise<CsvRecord[]> => {
  const out: CsvRecord[] = [];
  for await (const record of csvRecordStream(Readable.from(chunks, { objectMode: true }))) out.push(record);
  return out;
};

const sample = '\ufeffid,name,note\r\n1,"Smith, Jo","said ""hi""\r\nthen left"\r\n2,Ann,plain\r3,"bad"x,y\n4,ok,"last"';

describe('the streaming CSV reader', () => {
  it('gives the same records as the whole-string reader wherever the text is cut into chunks', async () => {
    const whole = [...csvRecords(sample)];
    expect(whole).toHaveLength(5);
    for (let cut = 0; cut <= sample.length; cut++) {
      expect(await collect([sample.slice(0, cut), sample.slice(cut)])).toEqual(whole);
    }
  });

  it('gives the same records when fed one character at a time', async () => {
    expect(await collect([...sample])).toEqual([...csvRecords(sample)]);
  });

  it('decodes a UTF-8 character split between byte chunks and drops the byte-order mark', async () => {
    const bytes = Buffer.from('\ufeffname\r\nZoë\r\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    expect(await collect([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([
      { line: 1, fields: ['name'] },
      { line: 2, fields: ['Zoë'] },
    ]);
  });

  it('reports a quote never closed at the end of the stream with the line it starts on', async () => {
    expect(await collect(['a,b\n1,"open', ' still\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('never closed') },
    ]);
  });

  it('stops with a reason rather than holding the rest of the file for one unfinished record', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = ['a\n"', ...Array.from({ length: Math.ceil(maxCsvRecordChars / chunk.length) + 1 }, () => chunk)];
    const records = await collect(chunks);
    expect(records).toEqual([{ line: 1, fields: ['a'] }, { line: 2, error: expect.stringContaining('longer than') }]);
  });
});
