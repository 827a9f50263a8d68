import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agencies } from '../../contracts/code-lists';
import { LiveRiskError } from '../../platform/errors';
import { loadExtractMapping, mappedColumns, parseExtractMapping } from './mapping';

const examples = join(__dirname, 'examples');
const police = () => JSON.parse(readFileSync(join(examples, 'police-mapping.json'), 'utf8')) as Record<string, unknown>;

const problemsOf = (json: unknown): string => {
  try {
    parseExtractMapping(json);
  } catch (error) {
    expect(error).toBeInstanceOf(LiveRiskError);
    expect((error as LiveRiskError).code).toBe('CONFIG_INVALID');
    return (error as LiveRiskError).message;
  }
  throw new Error('expected the mapping to be refused');
};

describe('the extract mapping file', () => {
  it.each(agencies)('the shipped %s example is valid', (agency) => {
    expect(loadExtractMapping(join(examples, `${agency}-mapping.json`)).agency).toBe(agency);
  });

  it('names a category code that is not one of ours, with the entry and the codes it may use', () => {
    const mapping = police();
    (mapping.category as { codes: Record<string, string> }).codes.DOM = 'DOMESTIC';
    const message = problemsOf(mapping);
    expect(message).toContain('category.codes.DOM: "DOMESTIC" is not a police category code; use one of DOMESTIC_ABUSE');
  });

  it('refuses a housing category in a police mapping', () => {
    const mapping = police();
    (mapping.category as { codes: Record<string, string> }).codes.DOM = 'RENT_ARREARS';
    expect(problemsOf(mapping)).toContain('category.codes.DOM: "RENT_ARREARS" is not a police category code');
  });

  it('names a person role that does not exist and the wrong entry', () => {
    const mapping = police();
    (mapping.people as Array<{ role: { codes: Record<string, string> } }>)[1].role.codes.V = 'injured';
    expect(problemsOf(mapping)).toContain('people.1.role.codes.V: "injured" is not a person role; use one of subject, victim');
  });

  it('says what a time entry should look like when the format has no year', () => {
    const mapping = { ...police(), occurredAt: { columns: ['OccurredDate'], format: 'dd/MM' } };
    expect(problemsOf(mapping)).toContain('occurredAt.format: should include the year, e.g. "dd/MM/yyyy HH:mm"');
  });

  it('refuses an unknown time zone, an unknown agency, a future format version and a misspelt key', () => {
    expect(problemsOf({ ...police(), timeZone: 'Europe/Leeds' })).toContain('timeZone: should be an IANA time zone such as "Europe/London"');
    expect(problemsOf({ ...police(), agency: 'fire' })).toContain('agency');
    expect(problemsOf({ ...police(), version: 2 })).toContain('version: should be 1, the mapping format this version of live-risk reads');
    expect(problemsOf({ ...police(), sumary: { column: 'Summary' } })).toMatch(/sumary/);
  });

  it('lists every column it reads, each once', () => {
    const columns = mappedColumns(parseExtractMapping(police()));
    expect(columns).toEqual(expect.arrayContaining(['IncidentRef', 'OccurredDate', 'OccurredTime', 'Person1_Role', 'Person2_PNC', 'UPRN']));
    expect(new Set(columns).size).toBe(columns.length);
  });
});
