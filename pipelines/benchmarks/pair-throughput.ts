import { buildCohortIndex, scorePreparedPair, type PreparedRecord } from '../../services/linkage';
import { generateDataset, type PersonRecord } from '../labelled-linkage';
import { exactAgreements, jaroWinkler } from './baselines';

export type PairThroughputOptions = Readonly<{ cohortSize: number; records: number; maxPairs: number; seconds: number; seed: number }>;

export type PairThroughput = Readonly<{
  pairs: number;
  mix: { trueMatches: number; sameFamilyName: number; sameDateOfBirth: number; samePostcode: number };
  engine: number;
  jaroWinklerFamilyName: number;
  exactSixFields: number;
  checksum: number;
}>;

/** Pairs per second of `score` over `count` pairs, repeated until `seconds` have passed. */
function pairsPerSecond(count: number, seconds: number, score: (i: number) => number): { rate: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < Math.min(count, 20_000); i++) sink += score(i);
  let done = 0;
  const started = performance.now();
  let elapsed: number;
  do {
    for (let i = 0; i < count; i++) sink += score(i);
    done += count;
    elapsed = performance.now() - started;
  } while (elapsed < seconds * 1000);
  return { rate: done / (elapsed / 1000), sink };
}

/**
 * Raw pair scoring on one core: the engine's scorePreparedPair (every comparison and
 * term-frequency weight, no blocking) over the pairs blocking really produces for realistic
 * records (so the agreement mix is the one the engine sees: mostly people who share a block but
 * not an identity, a few true matches), against two baselines timed over the same pairs.
 */
export function measurePairThroughput(options: PairThroughputOptions): PairThroughput {
  const dataset = generateDataset({ difficulty: 'realistic', cohortSize: options.cohortSize, records: options.records, seed: options.seed });
  const index = buildCohortIndex(dataset.cohort);
  const left: PreparedRecord[] = [];
  const right: PreparedRecord[] = [];
  const rawLeft: PersonRecord[] = [];
  const rawRight: PersonRecord[] = [];
  let trueMatches = 0;
  for (const { record, cohortId } of dataset.records) {
    if (left.length >= options.maxPairs) break;
    const prepared = index.prepare(record);
    index.forEachCandidate(prepared, (position) => {
      if (left.length >= options.maxPairs) return;
      left.push(prepared);
      right.push(index.personAt(position) as PreparedRecord);
      rawLeft.push(record);
      rawRight.push(dataset.cohort[position]);
      if (dataset.cohort[position].id === cohortId) trueMatches++;
    });
  }
  const count = left.length;
  const share = (agree: (a: PersonRecord, b: PersonRecord) => boolean) => rawLeft.filter((a, i) => agree(a, rawRight[i])).length / count;
  const lower = (value: string | null | undefined) => value?.toLowerCase() ?? null;
  const engine = pairsPerSecond(count, options.seconds, (i) => scorePreparedPair(index, left[i], right[i]));
  const jw = pairsPerSecond(count, options.seconds, (i) => jaroWinkler(rawLeft[i].familyName ?? '', rawRight[i].familyName ?? ''));
  const exact = pairsPerSecond(count, options.seconds, (i) => exactAgreements(rawLeft[i], rawRight[i]));
  return {
    pairs: count,
    mix: {
      trueMatches: trueMatches / count,
      sameFamilyName: share((a, b) => a.familyName !== null && lower(a.familyName) === lower(b.familyName)),
      sameDateOfBirth: share((a, b) => a.dateOfBirth !== null && a.dateOfBirth === b.dateOfBirth),
      samePostcode: share((a, b) => a.postcode !== null && a.postcode === b.postcode),
    },
    engine: engine.rate,
    jaroWinklerFamilyName: jw.rate,
    exactSixFields: exact.rate,
    checksum: engine.sink + jw.sink + exact.sink,
  };
}
