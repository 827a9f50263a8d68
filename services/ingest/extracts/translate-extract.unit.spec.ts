import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { agencies } from '../../contracts/code-lists';
import { extractReport, formatExtractReport } from './extract-report';
import { parseExtractMapping } from './mapping';
import { translateExtract } from './translate-extract';
import type { RowOutcome } from './translate-row';

const examples = join(__dirname, 'examples');
const mapping = parseExtractMapping(JSON.parse(readFileSync(join(examples, 'police-mapping.json'), 'utf8')));

const header = readFileSync(join(examples, 'police-extract.csv'), 'utf8').split('\r\n')[0];
const columns = header.split(',');
/** A police row from named cells; the rest empty. */
const row = (cells: Record<string, string>): string =>
  columns.map((column) => (cells[column] ?? '').replace(/^(.*[",\r\n].*)$/s, (value) => `"${value.replace(/"/g, '""')}"`)).join(',');
const good = (ref: string, extra: Record<string, string> = {}) =>
  row({
    IncidentRef: ref, OccurredDate: '15/07/2026', OccurredTime: '10:00', RecordedDateTime: '15/07/2026 11:00:00', IncidentType: 'DOM',
    LocationLine1: '14 Example Terrace', Postcode: 'LS6 1AA', Person1_Forename: 'Jo', Person1_Surname: 'Testwell', Person1_Role: 'V', ...extra,
  });

const run = async (chunks: Array<string | Buffer>): Promise<RowOutcome[]> => {
  const outcomes: RowOutcome[] = [];
  for await (const outcome of translateExtract(Readable.from(chunks, { objectMode: true }), mapping)) outcomes.push(outcome);
  return outcomes;
};
const events = (outcomes: RowOutcome[]) => outcomes.flatMap((o) => (o.ok ? [o.event] : []));

describe('translating an agency CSV extract', () => {
  it('turns the example police extract into four police incidents with their people, roles and DST-correct times', async () => {
    const outcomes: RowOutcome[] = [];
    for await (const outcome of translateExtract(createReadStream(join(examples, 'police-extract.csv'), { highWaterMark: 64 }), mapping)) outcomes.push(outcome);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [first, second] = events(outcomes);
    expect(first).toMatchObject({
      type: 'police.incident',
      eventId: 'WYP-2026-0329-0001',
      occurredAt: '2026-03-28T23:40:00Z',
      category: 'DOMESTIC_ABUSE',
      summary: 'Verbal argument reported by neighbour; no injuries, officers attended',
      address: { line1: '14 Example Terrace', town: 'Leeds', postcode: 'LS6 1AA', uprn: '72000001234' },
    });
    expect(first.people.map((p) => [p.role, p.givenName, p.identifiers?.pncId])).toEqual([['victim', 'Jo', undefined], ['suspect', 'Sam', '21/123456K'], ['witness', 'Mia', undefined]]);
    expect(second.occurredAt).toBe('2026-03-29T02:30:00+01:00');
    expect(second.people).toHaveLength(1);
  });

  it('gives the same eventIds when the same file is read twice', async () => {
    const text = readFileSync(join(examples, 'police-extract.csv'));
    const ids = async () => events(await run([text])).map((e) => e.eventId);
    expect(await ids()).toEqual(await ids());
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks, with CRLF endings and a byte-order mark', async () => {
    const summary = 'Caller said "help, now"\r\nthen hung up';
    const [outcome] = await run([`\ufeff${header}\r\n${good('A1', { Summary: summary })}\r\n`]);
    expect(outcome).toMatchObject({ line: 2, ok: true, event: { eventId: 'A1', summary } });
  });

  it('reads a row split across stream chunks, even inside a quoted field and a multi-byte character', async () => {
    const text = Buffer.from(`${header}\n${good('A1', { Summary: 'Zoë said "hi, there"' })}\n${good('A2')}\n`, 'utf8');
    const whole = await run([text]);
    for (const cut of [text.indexOf('Zo') + 3, text.indexOf('hi,') + 3, text.length - 5]) {
      expect(await run([text.subarray(0, cut), text.subarray(cut)])).toEqual(whole);
    }
    expect(events(whole).map((e) => e.summary)).toEqual(['Zoë said "hi, there"', undefined]);
  });

  it('rejects a bad row among good ones with every reason, naming the agency columns, and keeps the good ones', async () => {
    const bad = row({ IncidentRef: 'B1', OccurredDate: '31/02/2026', OccurredTime: '10:00', RecordedDateTime: '15/07/2026 11:00:00', IncidentType: 'TRAFFIC', LocationLine1: '1 Road', Postcode: 'NOT A CODE', Person1_Forename: 'Jo', Person1_Role: 'V' });
    const outcomes = await run([`${header}\n${good('A1')}\n${bad}\n${good('A3')}\n`]);
    expect(outcomes.map((o) => [o.line, o.ok])).toEqual([[2, true], [3, false], [4, true]]);
    const rejected = outcomes[1];
    if (rejected.ok) throw new Error('expected a rejection');
    expect(rejected.problems).toEqual([
      { column: 'OccurredDate + OccurredTime', message: '"31/02/2026 10:00" is not a date and time written dd/MM/yyyy HH:mm' },
      { column: 'IncidentType', message: expect.stringContaining('incident type "TRAFFIC" has no entry in the mapping\'s category.codes') },
      { column: 'Person1_Surname', message: 'the family name is missing while the given name is given' },
    ]);
  });

  it('names the agency column when the contract refuses a value (a postcode, a PNC ID)', async () => {
    const [outcome] = await run([`${header}\n${good('A1', { Postcode: 'LS6', Person1_PNC: '21/12' })}\n`]);
    if (outcome.ok) throw new Error('expected a rejection');
    expect(outcome.problems.map((p) => p.column)).toEqual(['Person1_PNC', 'Postcode']);
    expect(outcome.problems[1].message).toMatch(/^address\.postcode /);
  });

  it('refuses local times that never happened when the clocks went forward, and reads the repeated hour in October as summer time', async () => {
    const outcomes = await run([
      `${header}\n${good('G1', { OccurredDate: '29/03/2026', OccurredTime: '01:30' })}\n${good('G2', { OccurredDate: '25/10/2026', OccurredTime: '01:30' })}\n${good('G3', { OccurredDate: '25/10/2026', OccurredTime: '02:30' })}\n`,
    ]);
    expect(outcomes[0]).toMatchObject({ ok: false, problems: [{ column: 'OccurredDate + OccurredTime', message: expect.stringContaining('did not happen in Europe/London') }] });
    expect(events(outcomes).map((e) => e.occurredAt)).toEqual(['2026-10-25T01:30:00+01:00', '2026-10-25T02:30:00Z']);
  });

  it('refuses a row whose field count differs from the header, and skips blank lines', async () => {
    const outcomes = await run([`${header}\n\n${good('A1')},extra\n${good('A2')}\n`]);
    expect(outcomes).toEqual([
      { line: 3, ok: false, problems: [{ message: expect.stringContaining(`the row has ${columns.length + 1} fields and the header ${columns.length}`) }] },
      expect.objectContaining({ line: 4, ok: true }),
    ]);
  });

  it('refuses a header without a mapped column as line 1 and reads no further', async () => {
    const outcomes = await run([`${header.replace('IncidentType', 'Type')}\n${good('A1')}\n`]);
    expect(outcomes).toEqual([{ line: 1, ok: false, problems: [{ column: 'IncidentType', message: expect.stringContaining('the header row does not have') }] }]);
  });

  it('reports counts and reasons grouped by kind, with lines, escaping agency text for the terminal', async () => {
    const outcomes = await run([`${header}\n${good('A1')}\n${good('A2', { IncidentType: 'X\u001b[8m' })}\n${good('A3', { IncidentType: 'X\u001b[8m' })}\n`]);
    const report = extractReport(outcomes);
    expect(report).toMatchObject({ rows: 3, accepted: 1, rejected: 2, otherReasons: 0 });
    expect(report.reasons).toEqual([{ column: 'IncidentType', message: expect.stringContaining('"X\u001b[8m"'), rows: 2, lines: [3, 4] }]);
    const shown = formatExtractReport(report);
    expect(shown).toContain('3 rows: 1 accepted, 2 rejected');
    expect(shown).not.toContain('\u001b');
  });
});

describe('translating a health extract (for trusts without FHIR)', () => {
  const health = parseExtractMapping(JSON.parse(readFileSync(join(examples, 'health-mapping.json'), 'utf8')));
  const text = readFileSync(join(examples, 'health-extract.csv'), 'utf8');

  it('carries the NHS number without its spaces and its verification status, and no status when there is no number', async () => {
    const outcomes: RowOutcome[] = [];
    for await (const outcome of translateExtract(Readable.from([text]), health)) outcomes.push(outcome);
    expect(events(outcomes).map((e) => e.people[0].identifiers)).toEqual([
      { nhsNumber: '9434765919', nhsNumberVerificationStatus: '01' },
      { nhsNumber: '4857773457', nhsNumberVerificationStatus: '02' },
      undefined,
    ]);
  });

  it('refuses a verification status that is not an NHS England code, naming the column', async () => {
    const outcomes: RowOutcome[] = [];
    for await (const outcome of translateExtract(Readable.from([text.replace('4857773457,02', '4857773457,V')]), health)) outcomes.push(outcome);
    expect(outcomes[1]).toEqual({ line: 3, ok: false, problems: [{ column: 'NHSNumberStatus', message: expect.stringMatching(/^people\.0\.identifiers\.nhsNumberVerificationStatus /) }] });
  });
});

describe('the example extract shipped for each agency', () => {
  it.each(agencies)('%s: every row of the example becomes an event of that agency', async (agency) => {
    const own = parseExtractMapping(JSON.parse(readFileSync(join(examples, `${agency}-mapping.json`), 'utf8')));
    const outcomes: RowOutcome[] = [];
    for await (const outcome of translateExtract(createReadStream(join(examples, `${agency}-extract.csv`)), own)) outcomes.push(outcome);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(events(outcomes).map((event) => event.type.split('.')[0]))).toEqual(new Set([agency]));
  });
});
