import { dateOfBirthForAge } from '../synthetic-council/people';
import { SeededRandom, seedFrom } from '../synthetic-council/random';
import { draftOf, type CorruptionContext } from './corruptions';
import { febrlLike } from './difficulty';
import { pickGivenName, pickSurname } from './name-lists';
import type { LabelledDataset, LabelledRecord, PersonRecord } from './person';
import { australianHome } from './places';
import { applyCorruptions } from './records';

/**
 * N independent originals and N corrupted copies, one true match each, no identifiers,
 * Australian-style four-digit postcodes: the shape of the FEBRL benchmark (dataset 4), so figures
 * can be set beside published FEBRL results. The copies are shuffled and renumbered, so neither
 * order nor id gives the pairing away.
 */
export function generateFebrlLike(size: number, seed: number): LabelledDataset {
  const random = new SeededRandom(seedFrom('labelled-linkage', 'febrl-like', seed));
  const context: CorruptionContext = { random, newHome: australianHome };
  const cohort: PersonRecord[] = [];
  for (let i = 0; i < size; i++) {
    const { address, postcode } = australianHome(random);
    cohort.push({
      id: `A${String(i + 1).padStart(7, '0')}`,
      givenName: pickGivenName(random, random.chance(0.5) ? 'female' : 'male'),
      familyName: pickSurname(random),
      dateOfBirth: random.chance(0.02) ? null : dateOfBirthForAge(random, 0, 90),
      address,
      postcode,
      nhsNumber: null,
    });
  }
  const order = shuffled(random, size);
  const records: LabelledRecord[] = order.map((originalIndex, i) => {
    const original = cohort[originalIndex];
    const draft = draftOf(original);
    draft.id = `B${String(i + 1).padStart(7, '0')}`;
    const applied = applyCorruptions(draft, random.weighted(febrlLike.corruptionCount), febrlLike.corruptions, context);
    return { record: draft, cohortId: original.id, cases: ['level:febrl-like', ...(applied.length > 0 ? applied : ['exact']), `corruptions:${applied.length}`] };
  });
  return { difficulty: 'febrl-like', seed, cohort, records };
}

/** 0..n-1 in a seeded random order (Fisher-Yates). */
function shuffled(random: SeededRandom, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
