import { formatLinksCsv, parsePersonCsv } from './person-csv';

describe('person CSV', () => {
  it('reads columns in any order, RFC 4180 quoting, empty cells as missing, and ignores other columns', () => {
    const text = 'postcode,family_name,id,given_name,address,date_of_birth,note\r\n"BA1 1AA",Smith,P1,Jo,"12 Mill Lane, Upper Flat",1990-04-01,x\r\n2602,,P2,"Ann ""Nan""",,,\r\n';
    const { people, problems } = parsePersonCsv(text);
    expect(problems).toEqual([]);
    expect(people).toEqual([
      { id: 'P1', givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1990-04-01', address: '12 Mill Lane, Upper Flat', postcode: 'BA1 1AA' },
      { id: 'P2', givenName: 'Ann "Nan"', familyName: null, dateOfBirth: null, address: null, postcode: '2602' },
    ]);
  });

  it('names the line and column of each problem', () => {
    const text = 'id,given_name,family_name,date_of_birth,address,postcode\nP1,Jo,Smith,01/04/1990,1 A St,2602\nP1,Jo,Smith,,1 A St,2602\nP3,Jo\n';
    expect(parsePersonCsv(text).problems).toEqual([
      { line: 2, column: 'date_of_birth', reason: expect.stringContaining('YYYY-MM-DD') },
      { line: 4, reason: expect.stringContaining('2 fields but the header has 6') },
    ]);
  });

  it('rejects a duplicate id and a header without the required columns', () => {
    const duplicate = parsePersonCsv('id,given_name,family_name,date_of_birth,address,postcode\nP1,,,,,\nP1,,,,,\n');
    expect(duplicate.problems).toEqual([{ line: 3, column: 'id', reason: expect.stringContaining('line 2') }]);
    expect(parsePersonCsv('id,name\n').problems[0].reason).toMatch(/missing column\(s\) given_name, family_name/);
  });

  it('keeps an impossible but well-formed date, which a typo in a copy can produce', () => {
    const { people } = parsePersonCsv('id,given_name,family_name,date_of_birth,address,postcode\nP1,Jo,Smith,1990-02-31,,\n');
    expect(people[0].dateOfBirth).toBe('1990-02-31');
  });

  it('writes links with the explanation only when asked', () => {
    const pair = { recordId: 'r1', cohortId: 'c1', score: 12.5, decision: 'link' as const, contributions: [], explanation: 'name, date of birth and postcode agree' };
    expect(formatLinksCsv([pair], false)).toBe('record_id,cohort_id,score,decision\r\nr1,c1,12.5000,link\r\n');
    expect(formatLinksCsv([pair], true)).toBe('record_id,cohort_id,score,decision,explanation\r\nr1,c1,12.5000,link,"name, date of birth and postcode agree"\r\n');
  });
});
