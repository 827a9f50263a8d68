import { buildCohortIndex, defaultModel, explainInPlainWords, scoreCandidates, scorePreparedPair, type PersonRecord } from './index';
import { linkRecords } from './link';

/** A cohort person with overrides; everything else is an ordinary, fully known record. */
const person = (id: string, overrides: Partial<PersonRecord> = {}): PersonRecord => ({
  id, givenName: 'Margaret', familyName: 'Okonkwo', dateOfBirth: '1984-03-17', address: '12 Mill Lane', postcode: 'BA1 1AA', ...overrides,
});

/** Background people so blocks and term frequencies look like a real cohort's. */
const background: PersonRecord[] = Array.from({ length: 300 }, (_, i) => ({
  id: `bg${i}`, givenName: ['John', 'Sarah', 'David', 'Emma', 'Paul'][i % 5], familyName: i % 3 === 0 ? 'Smith' : `Surname${i}`,
  dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, address: `${i} High Street`, postcode: `BA${i % 9} ${i % 7}XY`,
}));

function best(cohort: PersonRecord[], record: PersonRecord) {
  const index = buildCohortIndex([...background, ...cohort]);
  return scoreCandidates(index, record, { includeNoLink: true })[0];
}

describe('hard cases', () => {
  it('does not link twins to each other: same family name, address and birthday, different given name', () => {
    const pair = best([person('twin-b', { givenName: 'Grace' })], person('r', { givenName: 'Patience' }));
    expect(pair.decision).not.toBe('link');
  });

  // With the default m of a different given name (0.025), twins must be rarer than 1 in ~4,000 for such a link.
  it('in a list of unrelated people, links a copy whose given name is mangled when all else agrees', () => {
    const unrelated = Array.from({ length: 6000 }, (_, i) => person(`u${i}`, {
      givenName: `Given${i}`, familyName: `Family${i}`, dateOfBirth: `19${30 + (i % 60)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      address: `${i} Road${i}`, postcode: `${1000 + i}`,
    }));
    const index = buildCohortIndex([...unrelated, person('p', { familyName: 'Quenneville' })]);
    expect(scoreCandidates(index, person('r', { givenName: 'Xqzt', familyName: 'Quenneville' }))[0]).toMatchObject({ cohortId: 'p', decision: 'link' });
    // The same pair in a cohort of households where twins are common stays a review.
    const twins = Array.from({ length: 300 }, (_, i) => [person(`t${i}a`, { givenName: `Given${i}`, familyName: `Twin${i}`, address: `${i} Twin Road`, postcode: `${5000 + i}` }),
      person(`t${i}b`, { givenName: `Other${i}`, familyName: `Twin${i}`, address: `${i} Twin Road`, postcode: `${5000 + i}` })]).flat();
    const households = buildCohortIndex([...unrelated, ...twins, person('p', { familyName: 'Quenneville' })]);
    expect(scoreCandidates(households, person('r', { givenName: 'Xqzt', familyName: 'Quenneville' }))[0]).toMatchObject({ cohortId: 'p', decision: 'review' });
  });

  it('does not link a child to a parent with the same name at the same address', () => {
    const pair = best([person('parent', { givenName: 'John', dateOfBirth: '1961-08-02' })], person('r', { givenName: 'John', dateOfBirth: '1990-11-25' }));
    expect(pair.decision).not.toBe('link');
  });

  it('with both parent and child in the cohort, links the child to the child', () => {
    const cohort = [person('parent', { givenName: 'John', dateOfBirth: '1961-08-02' }), person('child', { givenName: 'John', dateOfBirth: '1990-11-25' })];
    const [pair] = linkRecords(buildCohortIndex([...background, ...cohort]), [person('r', { givenName: 'John', dateOfBirth: '1990-11-25' })], { oneToOne: true });
    expect(pair).toMatchObject({ cohortId: 'child', decision: 'link' });
  });

  it('still links someone who moved house when name and date of birth agree', () => {
    const pair = best([person('p')], person('r', { address: '3 Quarry Road', postcode: 'BS8 4QT' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(pair.explanation).toBe('name and date of birth agree, different address');
  });

  it('links a nickname to the formal name (Bill and William)', () => {
    const pair = best([person('p', { givenName: 'William' })], person('r', { givenName: 'Bill' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(pair.explanation).toMatch(/^name similar \(nickname\)/);
  });

  it('links a date of birth with day and month swapped', () => {
    const swapped = best([person('p', { dateOfBirth: '1984-03-11' })], person('r', { dateOfBirth: '1984-11-03' }));
    expect(swapped).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(swapped.contributions.find((c) => c.comparison === 'date of birth')?.level).toBe('day-month-swapped');
  });

  it('links given and family names written the other way round', () => {
    const pair = best([person('p')], person('r', { givenName: 'Okonkwo', familyName: 'Margaret' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(pair.explanation).toMatch(/swapped/);
  });

  it('links a double-barrelled family name to one of its parts', () => {
    const pair = best([person('p', { familyName: 'Okonkwo-Davies' })], person('r', { familyName: 'Davies' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(pair.contributions.find((c) => c.comparison === 'family name')?.level).toBe('one-part');
  });

  it('counts agreement on a rare family name for more than on a common one', () => {
    const index = buildCohortIndex([...background, person('smith', { familyName: 'Smith' }), person('rare', { familyName: 'Quenneville' })]);
    const weight = (id: string, familyName: string) =>
      scoreCandidates(index, person('r', { familyName }), { includeNoLink: true }).find((p) => p.cohortId === id)?.contributions.find((c) => c.comparison === 'family name')?.weight ?? NaN;
    expect(weight('rare', 'Quenneville')).toBeGreaterThan(weight('smith', 'Smith') + 3);
  });

  it('links on the same valid NHS number even when weaker fields disagree', () => {
    const pair = best([person('p', { nhsNumber: '9434765919' })], person('r', { givenName: 'Peggy', dateOfBirth: '1948-01-01', postcode: 'M1 1AE', address: '1 Other Street', nhsNumber: '943 476 5919' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'link' });
    expect(pair.explanation).toMatch(/^same NHS number/);
  });

  it('vetoes a pair with two different valid NHS numbers, however alike they look', () => {
    const pair = best([person('p', { nhsNumber: '9434765919' })], person('r', { nhsNumber: '4010232137' }));
    expect(pair).toMatchObject({ cohortId: 'p', decision: 'no-link' });
    expect(pair.explanation).toMatch(/^different NHS numbers/);
  });

  it('ignores an NHS number that fails the modulus-11 check', () => {
    const pair = best([person('p', { nhsNumber: '9434765919' })], person('r', { nhsNumber: '9434765918' }));
    expect(pair.contributions.find((c) => c.comparison === 'NHS number')).toEqual({ comparison: 'NHS number', level: 'missing', weight: 0 });
    expect(pair.decision).toBe('link');
  });

  it('treats missing values as neutral, never as evidence against', () => {
    const full = best([person('p')], person('r'));
    const missing = best([person('p')], person('r', { dateOfBirth: null }));
    const dob = missing.contributions.find((c) => c.comparison === 'date of birth');
    expect(dob).toEqual({ comparison: 'date of birth', level: 'missing', weight: 0 });
    expect(missing.score).toBeLessThan(full.score);
    expect(missing.cohortId).toBe('p');
  });
});

describe('scores and contributions', () => {
  it('contributions sum exactly to the score on the 1e-4 grid', () => {
    const index = buildCohortIndex(background);
    for (const record of background.slice(0, 50)) {
      for (const pair of scoreCandidates(index, { ...record, id: 'r', givenName: 'Jon' }, { includeNoLink: true })) {
        const units = pair.contributions.reduce((sum, c) => sum + Math.round(c.weight * 1e4), 0);
        expect(units / 1e4).toBe(pair.score);
        expect(Math.round(pair.contributions.reduce((sum, c) => sum + c.weight, 0) * 1e4) / 1e4).toBe(pair.score);
      }
    }
  });

  it('scorePreparedPair gives the same score as scoreCandidates', () => {
    const index = buildCohortIndex([...background, person('p')]);
    const record = person('r', { givenName: 'Peggy' });
    const expected = scoreCandidates(index, record)[0].score;
    expect(scorePreparedPair(index, index.prepare(record), index.prepare(person('p')))).toBe(expected);
  });

  it('the default thresholds are the scores for match probabilities 0.99 and 0.5', () => {
    expect(2 ** defaultModel.thresholds.link / (1 + 2 ** defaultModel.thresholds.link)).toBeCloseTo(0.99, 10);
    expect(defaultModel.thresholds.review).toBe(0);
  });

  it('explains contributions in plain words', () => {
    const c = (comparison: string, level: string) => ({ comparison, level, weight: 1 });
    expect(explainInPlainWords([c('given name', 'exact'), c('family name', 'exact'), c('date of birth', 'exact'), c('postcode', 'exact'), c('address', 'missing')])).toBe(
      'name, date of birth and postcode agree',
    );
    expect(explainInPlainWords([c('given name', 'nickname'), c('family name', 'exact'), c('date of birth', 'exact'), c('postcode', 'different'), c('address', 'different')])).toBe(
      'name similar (nickname), date of birth agrees, different address',
    );
    expect(explainInPlainWords([c('NHS number', 'same')])).toBe('same NHS number, no name');
  });
});
