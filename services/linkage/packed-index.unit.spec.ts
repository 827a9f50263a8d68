import { corruptedCopies, originalPeople, seededRandom } from './fixtures/synthetic-people';
import { buildCohortIndex, defaultModel, LinkageIndex, scoreCandidates, type PersonRecord } from './index';
import { PersonRows } from './person-rows';
import { prepareRecord } from './prepare';
import { createVocabulary } from './vocabulary';
import { VisitedSet } from './visited-set';

const random = seededRandom(7);
const originals = originalPeople(1500, random);
// Twins and a namesake parent, so the household look-alike counts are not all zero.
const household: PersonRecord[] = originals.slice(0, 40).flatMap((person, i) => [
  { ...person, id: `twin${i}`, givenName: `${person.givenName}a` },
  { ...person, id: `parent${i}`, dateOfBirth: '1950-01-02' },
]);
const cohort = [...originals, ...household];
const copies = corruptedCopies(originals, random).slice(0, 400);

function builtOneByOne(people: readonly PersonRecord[]): LinkageIndex {
  const index = new LinkageIndex(defaultModel);
  for (const person of people) index.add(person);
  return index;
}

const matches = (index: LinkageIndex, records: readonly PersonRecord[]) =>
  records.map((record) => scoreCandidates(index, record, { includeNoLink: true }).map((pair) => [pair.cohortId, pair.score, pair.decision]));

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

describe('a cohort loaded at once (packed blocks)', () => {
  const loaded = buildCohortIndex(cohort);
  const added = builtOneByOne(cohort);

  it('finds the same candidates, scores and household look-alikes as one built person by person', () => {
    expect(loaded.lookAlikes()).toEqual(added.lookAlikes());
    expect(loaded.lookAlikes().twin).toBeGreaterThan(1 / cohort.length);
    for (const copy of copies) expect(sorted(loaded.candidatesFor(copy))).toEqual(sorted(added.candidatesFor(copy)));
    expect(matches(loaded, copies)).toEqual(matches(added, copies));
  });

  it('stays the same as one built person by person through removals, replacements and newcomers', () => {
    const changed = (index: LinkageIndex): LinkageIndex => {
      for (const person of cohort.slice(0, 60)) index.remove(person.id);
      for (const person of cohort.slice(60, 90)) index.add({ ...person, postcode: '2600' });
      for (const person of originals.slice(0, 30)) index.add({ ...person, id: `back${person.id}` });
      return index;
    };
    const a = changed(buildCohortIndex(cohort));
    const b = changed(builtOneByOne(cohort));
    expect(a.size).toBe(b.size);
    expect(a.lookAlikes()).toEqual(b.lookAlikes());
    expect(matches(a, copies)).toEqual(matches(b, copies));
  });

  it('builds person by person when the cohort repeats an id, the later person replacing the earlier', () => {
    const repeated = buildCohortIndex([...cohort.slice(0, 10), { ...cohort[0], givenName: 'Zebedee' }]);
    expect(repeated.size).toBe(10);
    expect(scoreCandidates(repeated, { ...cohort[0], id: 'r', givenName: 'Zebedee' })[0]).toMatchObject({ cohortId: cohort[0].id, decision: 'link' });
  });
});

describe('person rows', () => {
  it('give back the prepared record written into them, identifiers included', () => {
    const vocabulary = createVocabulary();
    const rows = new PersonRows(1);
    const people = [
      prepareRecord(vocabulary, { id: 'a', givenName: 'Ann', familyName: 'Smith-Jones', dateOfBirth: '1971-09-04', address: '12a Mill Lane, Flat 2', postcode: 'BA1 1AA', nhsNumber: '0000000078', pncId: '12/345678U', uprn: '000100023' }),
      prepareRecord(vocabulary, { id: 'b', givenName: null, familyName: null, dateOfBirth: null, address: null, postcode: null }),
    ];
    people.forEach((person, at) => rows.write(at, person));
    people.forEach((person, at) => expect(rows.prepared(at)).toEqual(person));
    expect(people[0]).toMatchObject({ nhsNumber: '0000000078', pncId: '12/0345678U', uprn: '100023' });
  });
});

describe('the visited set', () => {
  it('says whether a position was seen for this record, also past what its table holds', () => {
    const visited = new VisitedSet();
    for (let round = 0; round < 2; round++) {
      visited.clear();
      for (let position = 0; position < 10_000; position++) expect(visited.add(position * 7)).toBe(true);
      for (let position = 0; position < 10_000; position++) expect(visited.add(position * 7)).toBe(false);
    }
  });
});
