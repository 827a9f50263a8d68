import { buildCohortIndex } from './cohort-index';
import { ADDRESS, DOB, FAMILY, GIVEN, MISSING, POSTCODE, comparisonCount } from './comparisons';
import { expectationMaximisation, type Table } from './expectation-maximisation';
import { comparisonLevels, comparisonNames, defaultModel, type LinkageModel } from './model';
import type { PreparedRecord } from './prepare';
import type { PersonRecord } from './types';

export type EstimateOptions = Readonly<{
  seed?: number;
  maxIterations?: number;
  /** The starting point, and the source of the strong identifiers' fixed m and u and of the thresholds. */
  base?: LinkageModel;
  /** Random pairs sampled for u (default 300,000, or every pair when there are fewer). */
  sampleSize?: number;
}>;

/** Pseudo-pairs that pull sparse u estimates towards the base model instead of to 0. */
const U_PSEUDO_PAIRS = 20_000;
/** At most this many pairs per record from one training rule, so one huge group cannot dominate. */
const MAX_PAIRS_PER_RECORD = 30;
const EXACT = 0;

/** Small, fast, seedable PRNG (mulberry32), so an estimate can be reproduced. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tableOf = (model: LinkageModel, key: 'm' | 'u'): Table =>
  comparisonNames.map((name) => Float64Array.from(comparisonLevels[name], (level) => model.comparisons[name][level][key]));

/** Record–cohort pairs that share a value (a training rule), as levels, C per pair. */
function pairsSharing(people: readonly PreparedRecord[], records: readonly PreparedRecord[], keyOf: (p: PreparedRecord) => string | null, compare: (a: PreparedRecord, b: PreparedRecord) => Uint8Array): Uint8Array {
  const groups = new Map<string, PreparedRecord[]>();
  for (const person of people) {
    const key = keyOf(person);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), person]);
  }
  const levels: number[] = [];
  for (const record of records) {
    const key = keyOf(record);
    for (const person of (key === null ? undefined : groups.get(key))?.slice(0, MAX_PAIRS_PER_RECORD) ?? []) levels.push(...compare(record, person));
  }
  return Uint8Array.from(levels);
}

/**
 * Fits a model to the data without labels, as Splink does. u (how often different people reach
 * each level) is counted over random record–cohort pairs, which are almost all non-matches. m is
 * fitted by expectation–maximisation on two training rules, each over *all* pairs sharing one
 * thing and leaving that thing out of the fit: pairs with the same date of birth give m for names,
 * postcode and address; pairs with the same given and family name give m for date of birth,
 * postcode and address. Leaving the shared field out keeps the non-matches in each set close to
 * random pairs on what is fitted (the conditional independence EM relies on), which blocked
 * candidate pairs are not. The prior follows from how many same-birthday pairs are matches and how
 * often matches share a birthday. Strong identifiers keep the base model's m and u (agreement by
 * chance is too rare to count) and the thresholds stay probabilities, so they keep their meaning.
 */
export function estimateModel(cohort: readonly PersonRecord[], records: readonly PersonRecord[], options: EstimateOptions = {}): LinkageModel {
  const base = options.base ?? defaultModel;
  const index = buildCohortIndex(cohort, base);
  const people: PreparedRecord[] = [];
  for (let position = 0; position < cohort.length; position++) {
    const person = index.personAt(position);
    if (person) people.push(person);
  }
  const prepared = records.map((record) => index.prepare(record));
  if (people.length === 0 || prepared.length === 0) return base;
  const compare = (a: PreparedRecord, b: PreparedRecord) => index.scorer.compare(a, b);
  const random = randomSource(options.seed ?? 1);

  const u = tableOf(base, 'u');
  const uCounts: Table = u.map((levels) => new Float64Array(levels.length));
  const sampleSize = Math.min(options.sampleSize ?? 300_000, people.length * prepared.length);
  for (let i = 0; i < sampleSize; i++) {
    const levels = compare(prepared[Math.floor(random() * prepared.length)], people[Math.floor(random() * people.length)]);
    for (let c = 0; c < comparisonCount; c++) if (levels[c] !== MISSING) uCounts[c][levels[c]]++;
  }
  for (const c of [GIVEN, FAMILY, DOB, POSTCODE, ADDRESS]) {
    const total = uCounts[c].reduce((sum, count) => sum + count, 0);
    for (let l = 0; l < u[c].length; l++) u[c][l] = (uCounts[c][l] + U_PSEUDO_PAIRS * u[c][l]) / (total + U_PSEUDO_PAIRS);
  }

  const m = tableOf(base, 'm');
  const maxIterations = options.maxIterations ?? 40;
  const sameBirthday = expectationMaximisation(
    pairsSharing(people, prepared, (p) => (p.dateOfBirth < 0 ? null : String(p.dateOfBirth)), compare),
    [GIVEN, FAMILY, POSTCODE, ADDRESS], m, u, maxIterations,
  );
  const sameName = expectationMaximisation(
    pairsSharing(people, prepared, (p) => (p.given < 0 || p.family < 0 ? null : `${p.given} ${p.family}`), compare),
    [DOB, POSTCODE, ADDRESS], m, u, maxIterations,
  );
  for (const c of [GIVEN, FAMILY]) m[c] = sameBirthday.m[c];
  m[DOB] = sameName.m[DOB];
  // Postcode and address are fitted by both rules: average them, weighted by the matches each found.
  const [wa, wb] = [sameBirthday.matches, sameName.matches];
  for (const c of [POSTCODE, ADDRESS]) m[c] = m[c].map((_, l) => (wa + wb > 0 ? (wa * sameBirthday.m[c][l] + wb * sameName.m[c][l]) / (wa + wb) : m[c][l]));

  // Matches sharing a birthday / P(a match shares it) = all matches; the prior is per pair.
  const shareBirthday = m[DOB][EXACT] * sameName.presentShare[DOB];
  const estimatedMatches = shareBirthday > 0 ? sameBirthday.matches / shareBirthday : prepared.length;
  const prior = Math.min(0.5, Math.max(1e-12, Math.min(estimatedMatches, prepared.length) / (people.length * prepared.length)));
  const comparisons = Object.fromEntries(
    comparisonNames.map((name, c) => [name, Object.fromEntries(comparisonLevels[name].map((level, l) => [level, { m: m[c][l], u: u[c][l] }]))]),
  ) as LinkageModel['comparisons'];
  return {
    ...base,
    version: `${base.version}; estimated on ${prepared.length} records x ${people.length} cohort (EM ${sameBirthday.iterations}+${sameName.iterations} iterations, seed ${options.seed ?? 1})`,
    prior,
    comparisons,
  };
}
