import { z } from 'zod';

/**
 * The comparisons and their levels, best first. A pair takes the first level it satisfies; a
 * comparison where either side is missing takes no level and weighs 0 (see comparisons.ts for
 * what each level means).
 */
export const comparisonLevels = {
  givenName: ['exact', 'nickname', 'swapped', 'jaro-winkler-0.94', 'jaro-winkler-0.88', 'phonetic', 'jaro-winkler-0.80', 'initial', 'different'],
  familyName: ['exact', 'swapped', 'one-part', 'jaro-winkler-0.94', 'jaro-winkler-0.88', 'phonetic', 'jaro-winkler-0.80', 'different'],
  dateOfBirth: ['exact', 'placeholder', 'day-month-swapped', 'year-off-by-one', 'one-digit', 'same-year', 'different'],
  postcode: ['exact', 'sector', 'one-character', 'district', 'different'],
  address: ['uprn', 'exact', 'number-and-street', 'street', 'other-number-same-street', 'some-words', 'different'],
  nhsNumber: ['same', 'different'],
  pncId: ['same', 'different'],
} as const;

export type ComparisonName = keyof typeof comparisonLevels;
export const comparisonNames = Object.keys(comparisonLevels) as ComparisonName[];

const probability = z.number().gt(0).lte(1);
const level = z.object({ m: probability, u: probability }).strict();
const levelsOf = (names: readonly string[]) => z.object(Object.fromEntries(names.map((name) => [name, level]))).strict();

export const linkageModelSchema = z
  .object({
    version: z.string().min(1),
    /** lambda: the probability that a random (record, cohort person) pair is the same person. */
    prior: z.number().gt(0).lt(1),
    comparisons: z
      .object(Object.fromEntries(comparisonNames.map((name) => [name, levelsOf(comparisonLevels[name])])) as {
        [K in ComparisonName]: ReturnType<typeof levelsOf>;
      })
      .strict(),
    termFrequency: z
      .object({
        /** How many pseudo-people of the model's own u blend into the cohort's counts, so a tiny cohort does not swing weights. */
        pseudoCount: z.number().min(0),
        /** No value is treated as rarer than this, however rare it is in the cohort. */
        minimumU: probability,
      })
      .strict(),
    /** Scores (log2 posterior odds) at or above which a pair is a link or goes to review. */
    thresholds: z.object({ link: z.number(), review: z.number() }).strict().refine((t) => t.link >= t.review, 'thresholds.link must be at least thresholds.review'),
  })
  .strict();

export type LinkageModel = z.infer<typeof linkageModelSchema>;

export function parseLinkageModel(json: unknown): LinkageModel {
  return linkageModelSchema.parse(json);
}

/** The score at which the posterior match probability is p: log2(p / (1 - p)). */
export const scoreForProbability = (p: number): number => Math.log2(p / (1 - p));

/** Its inverse: the posterior match probability of a score, for a person reading it. */
export const probabilityForScore = (score: number): number => 1 / (1 + 2 ** -score);

/**
 * Decisions without labels: a link needs a posterior match probability of 0.99 and review 0.5,
 * computed from the model's own prior and weights. Nothing here was tuned on labelled pairs.
 */
export const defaultThresholds = { link: scoreForProbability(0.99), review: scoreForProbability(0.5) };

/** Levels given as [m, u] in the order of comparisonLevels. */
const levels = (name: ComparisonName, pairs: ReadonlyArray<readonly [number, number]>) =>
  Object.fromEntries(comparisonLevels[name].map((levelName, i) => [levelName, { m: pairs[i][0], u: pairs[i][1] }]));

/**
 * Fixed values that work without estimation. m (how often true pairs reach a level) reflects
 * typical administrative-data error rates: about 80–85% of true pairs agree exactly on each name,
 * 85% on date of birth, most of the rest by a typo, a nickname or a swap. u (how often two
 * different people reach it) follows from how many values there are: about 1 in 100 given names
 * and 1 in 300 family names in a cohort (term frequencies replace these for exact agreement),
 * 1 in 25,000 dates of birth over some 70 years, 1 in 2,000 postcodes. Strong identifiers almost
 * never agree by chance; their decisions are overridden anyway (decisive or veto). The prior,
 * 1 in 10,000, is one true match for a record against a cohort of 10,000 people.
 */
export const defaultModel: LinkageModel = {
  version: 'live-risk-linkage/1 default',
  prior: 1e-4,
  comparisons: {
    givenName: levels('givenName', [[0.8, 0.01], [0.03, 0.002], [0.005, 0.0001], [0.05, 0.003], [0.04, 0.01], [0.02, 0.005], [0.02, 0.04], [0.01, 0.05], [0.025, 0.8799]]),
    familyName: levels('familyName', [[0.82, 0.003], [0.005, 0.0001], [0.02, 0.0005], [0.05, 0.002], [0.04, 0.006], [0.02, 0.004], [0.02, 0.03], [0.025, 0.9544]]),
    dateOfBirth: levels('dateOfBirth', [[0.85, 0.00004], [0.01, 0.001], [0.02, 0.000005], [0.03, 0.0001], [0.05, 0.001], [0.02, 0.013], [0.02, 0.985]]),
    postcode: levels('postcode', [[0.85, 0.0005], [0.04, 0.005], [0.04, 0.003], [0.02, 0.03], [0.05, 0.9615]]),
    address: levels('address', [[0.3, 0.00001], [0.45, 0.0003], [0.1, 0.0002], [0.04, 0.002], [0.02, 0.002], [0.03, 0.05], [0.06, 0.9455]]),
    nhsNumber: levels('nhsNumber', [[0.995, 1e-9], [0.005, 1]]),
    pncId: levels('pncId', [[0.995, 1e-9], [0.005, 1]]),
  },
  termFrequency: { pseudoCount: 200, minimumU: 1e-5 },
  thresholds: defaultThresholds,
};
