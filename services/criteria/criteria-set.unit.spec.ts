import { readFileSync } from 'node:fs';
import { exampleCriteriaFile, loadCriteriaSet, parseCriteriaSet } from './criteria-set';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests edit the criteria as loose JSON */
const example = (): Record<string, any> => JSON.parse(readFileSync(exampleCriteriaFile, 'utf8'));

describe('a criteria file is data, validated like the risk rules', () => {
  it('the example for the synthetic council is valid and names household- and person-level criteria', () => {
    const set = loadCriteriaSet(exampleCriteriaFile);
    expect(set.version).toBe('2026.1-example');
    expect(set.criteria.map((c) => c.counts)).toEqual(expect.arrayContaining(['household', 'person']));
  });

  it('refuses with every problem and where it is: an unknown code, a reused id, a minimum of none, an unknown field', () => {
    const file = example();
    file.criteria[0].events[0].categories = ['BURGLARY'];
    file.criteria[1].id = file.criteria[0].id;
    file.criteria[2].minEvents = 0;
    file.criteria[3].extra = true;
    expect(() => parseCriteriaSet(file, 'mine.json')).toThrow(/criteria\.2\.minEvents[\s\S]*criteria\.3: Unrecognized key: "extra"/);
    delete file.criteria[3].extra;
    file.criteria[2].minEvents = 2;
    expect(() => parseCriteriaSet(file, 'mine.json')).toThrow(/BURGLARY is not in the police code list[\s\S]*criterion id "repeat-domestic-abuse" is used twice/);
  });

  it('the past stays readable: a file written before `counts` existed means household, and one naming no school still parses after schools joined', () => {
    const old = { version: '2025.1', criteria: [{ id: 'repeat-domestic-abuse', says: 'two call-outs', events: [{ agency: 'police', categories: ['DOMESTIC_ABUSE'] }], minEvents: 2, withinDays: 365 }] };
    expect(parseCriteriaSet(old, 'released.json').criteria[0].counts).toBe('household');
  });

  it('a file read back as stored (defaults filled in) parses to the same criteria, so its hash does not drift', () => {
    const set = loadCriteriaSet(exampleCriteriaFile);
    expect(parseCriteriaSet(JSON.parse(JSON.stringify(set)), 'stored')).toEqual(set);
  });
});
