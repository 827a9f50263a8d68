import { isValidNhsNumber } from '../../services/cohort/nhs-number';
import { isCalendarDate } from './date-errors';
import { generateDataset, truthOf } from './generate';

describe('generateDataset', () => {
  const realistic = generateDataset({ difficulty: 'realistic', cohortSize: 3_000, records: 1_000, seed: 5 });

  it('gives the same files for the same seed and different ones for another seed', () => {
    const again = generateDataset({ difficulty: 'realistic', cohortSize: 3_000, records: 1_000, seed: 5 });
    expect(again.cohort).toEqual(realistic.cohort);
    expect(again.records).toEqual(realistic.records);
    expect(generateDataset({ difficulty: 'realistic', cohortSize: 3_000, records: 1_000, seed: 6 }).records).not.toEqual(realistic.records);
  });

  it('makes the sizes asked for, with unique ids that say nothing about the truth', () => {
    expect(realistic.cohort).toHaveLength(3_000);
    expect(realistic.records).toHaveLength(1_000);
    expect(new Set(realistic.cohort.map((p) => p.id)).size).toBe(3_000);
    expect(realistic.records.map((r) => r.record.id).slice(0, 3)).toEqual(['R0000001', 'R0000002', 'R0000003']);
  });

  it('labels every record about a cohort member with that member, and about a third as outsiders with no truth', () => {
    const cohortIds = new Set(realistic.cohort.map((p) => p.id));
    const truth = truthOf(realistic);
    for (const cohortId of truth.values()) expect(cohortIds.has(cohortId)).toBe(true);
    const outsiders = realistic.records.filter((r) => r.cohortId === null);
    expect(outsiders.length / realistic.records.length).toBeGreaterThan(0.25);
    expect(outsiders.length / realistic.records.length).toBeLessThan(0.35);
    for (const outsider of outsiders) expect(outsider.cases).toContain('outsider');
  });

  it('damages most records, writes only valid dates and says what it did', () => {
    const damaged = realistic.records.filter((r) => !r.cases.includes('exact'));
    expect(damaged.length / realistic.records.length).toBeGreaterThan(0.6);
    for (const { record, cases } of realistic.records) {
      if (record.dateOfBirth !== null) expect(isCalendarDate(record.dateOfBirth)).toBe(true);
      expect(cases[0]).toBe('level:realistic');
    }
  });

  it('gives a record with no corruption exactly the cohort member’s details', () => {
    const byId = new Map(realistic.cohort.map((p) => [p.id, p]));
    const exact = realistic.records.filter((r) => r.cohortId !== null && r.cases.includes('exact'));
    expect(exact.length).toBeGreaterThan(50);
    for (const { record, cohortId } of exact) {
      const member = byId.get(cohortId as string);
      expect({ ...record, id: '', nhsNumber: null }).toEqual({ ...member, id: '', nhsNumber: null });
    }
  });

  it('builds the cohort from households: twins, a son named after his father, shared surnames and addresses', () => {
    const cases = new Set(realistic.records.flatMap((r) => r.cases));
    for (const expected of ['twin', 'named-after-parent', 'shares-household', 'common-surname', 'outsider-near-miss-household', 'outsider-namesake']) {
      expect(cases).toContain(expected);
    }
  });

  it('gives valid NHS numbers to some records, and none when the share is 0', () => {
    const carried = realistic.records.map((r) => r.record.nhsNumber).filter((n): n is string => Boolean(n));
    expect(carried.length).toBeGreaterThan(50);
    for (const nhsNumber of carried.filter((_, i) => i % 7 === 0)) expect(nhsNumber).toMatch(/^999\d{7}$/);
    const none = generateDataset({ difficulty: 'realistic', cohortSize: 1_000, records: 500, seed: 5, nhsShare: 0 });
    expect(none.records.filter((r) => r.record.nhsNumber)).toHaveLength(0);
    expect(realistic.cohort.filter((p) => p.nhsNumber).every((p) => isValidNhsNumber(p.nhsNumber as string))).toBe(true);
  });

  it('mixes the three levels against one cohort when asked', () => {
    const mixed = generateDataset({ difficulty: 'mixed', cohortSize: 1_000, records: 600, seed: 2 });
    const levels = new Set(mixed.records.map((r) => r.cases[0]));
    expect(levels).toEqual(new Set(['level:easy', 'level:realistic', 'level:hard']));
  });

  it('makes the FEBRL-like shape: N originals, N shuffled copies, one true match each, 4-digit postcodes, no identifiers', () => {
    const febrl = generateDataset({ difficulty: 'febrl-like', cohortSize: 500, seed: 3 });
    expect(febrl.cohort).toHaveLength(500);
    expect(febrl.records).toHaveLength(500);
    expect(new Set(febrl.records.map((r) => r.cohortId)).size).toBe(500);
    expect(febrl.records.slice(0, 20).map((r) => r.cohortId)).not.toEqual(febrl.cohort.slice(0, 20).map((p) => p.id));
    for (const person of febrl.cohort) expect(person.postcode).toMatch(/^\d{4}$/);
    expect([...febrl.cohort, ...febrl.records.map((r) => r.record)].some((p) => p.nhsNumber)).toBe(false);
    expect(febrl.records.every((r) => !r.cases.includes('exact'))).toBe(true);
  });
});
