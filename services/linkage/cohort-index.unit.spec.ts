import { corruptedCopies, originalPeople, seededRandom } from './fixtures/synthetic-people';
import { buildCohortIndex, defaultModel, estimateModel, linkRecords, parseLinkageModel, type LinkStats, type PersonRecord } from './index';

const random = seededRandom(42);
const cohort = originalPeople(2000, random);
const copies = corruptedCopies(cohort, random);
const truthOf = (recordId: string) => `o${recordId.slice(1)}`;

describe('blocking', () => {
  const index = buildCohortIndex(cohort);

  it.each<[string, Partial<PersonRecord>]>([
    ['a typo in the family name', { familyName: 'Smiht' }],
    ['day and month swapped', { dateOfBirth: '1971-04-09' }],
    ['year off by one', { dateOfBirth: '1972-09-04' }],
    ['no date of birth', { dateOfBirth: null }],
    ['a house move', { address: '1 New Road', postcode: '9999' }],
    ['names swapped', { givenName: 'Smith', familyName: 'Ann' }],
    ['a wrong digit in the date, a family-name typo and no address', { dateOfBirth: '1971-09-07', familyName: 'Smiht', address: null }],
    ['a typo in the first letter of the given name, no date of birth and no address', { givenName: 'Bnn', dateOfBirth: null, address: null }],
    ['a house move, a wrong digit in the year and a given-name typo', { address: '1 New Road', postcode: '9999', dateOfBirth: '1977-09-04', givenName: 'Anm' }],
  ])('finds the original despite %s', (_, change) => {
    const original: PersonRecord = { id: 'x', givenName: 'Ann', familyName: 'Smith', dateOfBirth: '1971-09-04', address: '7 Wattle Street', postcode: '2602' };
    const withOriginal = buildCohortIndex([...cohort.slice(0, 500), original]);
    expect(withOriginal.candidatesFor({ ...original, id: 'copy', ...change })).toContain(500);
  });

  it('keeps nearly every corrupted copy in a block with its original, with few candidates each', () => {
    let found = 0;
    let candidates = 0;
    copies.forEach((copy, i) => {
      const positions = index.candidatesFor(copy);
      candidates += positions.length;
      if (positions.includes(i)) found++;
    });
    expect(found / copies.length).toBeGreaterThan(0.97);
    expect(candidates / copies.length).toBeLessThan(10);
  });
});

describe('tiers of keys', () => {
  it('compares an untouched copy with a handful of people, a damaged one with more', () => {
    const index = buildCohortIndex(cohort);
    const stats: LinkStats = { records: 0, candidates: 0, links: 0, reviews: 0 };
    Array.from(linkRecords(index, cohort.slice(0, 200).map((p) => ({ ...p, id: `x${p.id}` })), { stats }));
    expect(stats.links).toBe(200);
    const narrow = stats.candidates / stats.records;
    const all = cohort.slice(0, 200).reduce((sum, p) => sum + index.candidatesFor(p).length, 0) / 200;
    expect(narrow).toBeLessThan(all);
  });
});

describe('a live index', () => {
  it('adds, replaces and removes people', () => {
    const index = buildCohortIndex(cohort.slice(0, 100));
    const newcomer: PersonRecord = { id: 'new', givenName: 'Zanele', familyName: 'Mbeki', dateOfBirth: '2001-02-03', address: '4 Dock Road', postcode: 'CF10 5AL' };
    index.add(newcomer);
    expect(index.size).toBe(101);
    const [link] = linkRecords(index, [{ ...newcomer, id: 'r' }]);
    expect(link).toMatchObject({ cohortId: 'new', decision: 'link' });
    index.add({ ...newcomer, address: '9 Other Road', postcode: 'CF11 1AA' });
    expect(index.size).toBe(101);
    expect(index.remove('new')).toBe(true);
    expect(index.remove('new')).toBe(false);
    expect(index.size).toBe(100);
    expect([...linkRecords(index, [{ ...newcomer, id: 'r' }])]).toEqual([]);
  });
});

describe('estimation and batch quality on a FEBRL-style fixture', () => {
  const model = estimateModel(cohort, copies, { seed: 3, sampleSize: 100_000 });

  it('produces a valid, serialisable model with a prior near one match per record', () => {
    expect(parseLinkageModel(JSON.parse(JSON.stringify(model)))).toEqual(model);
    expect(model.prior * cohort.length).toBeGreaterThan(0.5);
    expect(model.prior * cohort.length).toBeLessThan(2);
    expect(model.comparisons.dateOfBirth.exact.m).toBeGreaterThan(model.comparisons.dateOfBirth.different.m);
  });

  it('links one-to-one with near-perfect precision and high recall', () => {
    const stats: LinkStats = { records: 0, candidates: 0, links: 0, reviews: 0 };
    const pairs = [...linkRecords(buildCohortIndex(cohort, model), copies, { oneToOne: true, stats })];
    const links = pairs.filter((p) => p.decision === 'link');
    const correct = links.filter((p) => p.cohortId === truthOf(p.recordId)).length;
    const correctAny = pairs.filter((p) => p.cohortId === truthOf(p.recordId)).length;
    expect(correct / links.length).toBeGreaterThanOrEqual(0.998);
    expect(correct / copies.length).toBeGreaterThan(0.9);
    expect(correctAny / copies.length).toBeGreaterThan(0.95);
    expect(stats.records).toBe(copies.length);
  });

  it('rejects a model with a missing level or a probability out of range', () => {
    const broken = JSON.parse(JSON.stringify(defaultModel));
    delete broken.comparisons.postcode.sector;
    expect(() => parseLinkageModel(broken)).toThrow();
    expect(() => parseLinkageModel({ ...defaultModel, prior: 0 })).toThrow();
  });
});
