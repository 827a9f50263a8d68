import { csvLine, csvObjects, parseCsv, personFromCsv, personColumns, personLine } from './csv';

describe('csv', () => {
  it('reads back what it writes, with commas, quotes and missing values', () => {
    const person = { id: 'C1', givenName: "D'Arcy", familyName: 'Smith "Jnr"', dateOfBirth: null, address: '12 Mill Lane, Avonford', postcode: 'BA1 1AB', nhsNumber: null };
    const text = csvLine(personColumns) + personLine(person);
    expect(csvObjects(text, ['id']).map(personFromCsv)).toEqual([person]);
  });

  it('accepts CRLF, a final line without a break, and a trailing empty field', () => {
    expect(parseCsv('a,b\r\n1,\r\n2,x')).toEqual([['a', 'b'], ['1', ''], ['2', 'x']]);
  });

  it('names the missing column', () => {
    expect(() => csvObjects('record_id\nR1\n', ['record_id', 'cohort_id'])).toThrow('missing column(s) cohort_id');
  });
});
