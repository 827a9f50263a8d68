import * as addressComparison from './address-comparison';
import * as comparisons from './comparisons';
import { comparisonLevels, comparisonNames, type LinkageModel } from './model';
import type { PreparedRecord } from './prepare';
import type { Contribution, Decision } from './types';
import type { Counts, Vocabulary } from './vocabulary';

// Hot-path imports bound once: tsx's CommonJS output reads every imported name through a getter,
// which costs about a tenth of the time of scoring a pair.
const { addressLevel } = addressComparison;
const { ADDRESS, DOB, EXACT_NAME, FAMILY, GIVEN, MISSING, NHS, PNC, POSTCODE, comparisonCount } = comparisons;
const { dateOfBirthLevel, familyNameLevel, givenNameLevel, namesSwapped, postcodeLevel } = comparisons;

/**
 * Weights are held as integers in units of 1e-4 bit, and a score is their integer sum / 1e4, so
 * the contributions shown with a link add up to its score exactly, with no floating-point drift.
 */
export const WEIGHT_UNITS = 10_000;
const toUnits = (bits: number): number => Math.round(bits * WEIGHT_UNITS);

const GIVEN_DIFFERENT = comparisonLevels.givenName.indexOf('different');
const DOB_DIFFERENT = comparisonLevels.dateOfBirth.indexOf('different');
const SAME = comparisonLevels.nhsNumber.indexOf('same');
const DIFFERENT = comparisonLevels.nhsNumber.indexOf('different');

/** How often each given and family name occurs in the cohort, for term-frequency weights. */
export type TermFrequencies = Readonly<{ given: Counts; family: Counts; size: () => number }>;

/** Shares of the cohort with a household look-alike (see LinkageIndex.lookAlikes). */
export type LookAlikes = () => Readonly<{ twin: number; namesake: number }>;

export const comparisonLabels: readonly string[] = ['given name', 'family name', 'date of birth', 'postcode', 'address', 'NHS number', 'PNC ID'];

/**
 * Compares and scores prepared pairs against one model. It keeps the levels of the last pair in
 * `levels`, a reused buffer, so scoring allocates nothing; contributions are built only for the
 * few pairs that are reported.
 */
export class PairScorer {
  readonly levels = new Uint8Array(comparisonCount);
  readonly prior: number;
  private readonly weights: Int32Array[];
  private readonly exactM: readonly [number, number];
  private readonly exactU: readonly [number, number];
  private readonly differentM: readonly [number, number];

  constructor(
    readonly vocabulary: Vocabulary,
    readonly model: LinkageModel,
    private readonly frequencies: TermFrequencies,
    private readonly lookAlikes: LookAlikes = () => ({ twin: 1, namesake: 1 }),
  ) {
    this.prior = toUnits(Math.log2(model.prior / (1 - model.prior)));
    this.weights = comparisonNames.map((name) => {
      const levels = model.comparisons[name];
      return Int32Array.from(comparisonLevels[name], (level) => toUnits(Math.log2(levels[level].m / levels[level].u)));
    });
    const { givenName, familyName } = model.comparisons;
    this.exactM = [givenName.exact.m, familyName.exact.m];
    this.differentM = [givenName.different.m, model.comparisons.dateOfBirth.different.m];
    this.exactU = [givenName.exact.u, familyName.exact.u];
  }

  /** Fills `levels` for the pair (a is the record, b the cohort person). */
  compare(a: PreparedRecord, b: PreparedRecord): Uint8Array {
    const levels = this.levels;
    const names = this.vocabulary.names;
    const swapped = a.given !== b.given && a.family !== b.family && namesSwapped(names, a, b);
    levels[GIVEN] = givenNameLevel(names, a.given, b.given, swapped);
    levels[FAMILY] = familyNameLevel(names, a.family, b.family, swapped);
    levels[DOB] = dateOfBirthLevel(a.dateOfBirth, b.dateOfBirth);
    levels[POSTCODE] = postcodeLevel(this.vocabulary, a.postcode, b.postcode);
    levels[ADDRESS] = addressLevel(this.vocabulary.addressWords, a, b);
    levels[NHS] = a.nhsNumber === null || b.nhsNumber === null ? MISSING : a.nhsNumber === b.nhsNumber ? SAME : DIFFERENT;
    levels[PNC] = a.pncId === null || b.pncId === null ? MISSING : a.pncId === b.pncId ? SAME : DIFFERENT;
    return levels;
  }

  /** The score of the pair in weight units (integer); `levels` then holds its levels. */
  scoreUnits(a: PreparedRecord, b: PreparedRecord): number {
    const levels = this.compare(a, b);
    let total = this.prior;
    for (let c = 0; c < comparisonCount; c++) total += this.weightUnits(c, levels[c], b);
    return total;
  }

  /** One comparison's weight in units; exact names use the cohort person's name frequency. */
  weightUnits(comparison: number, level: number, cohortPerson: PreparedRecord): number {
    if (level === MISSING) return 0;
    if (level === EXACT_NAME && (comparison === GIVEN || comparison === FAMILY)) {
      const id = comparison === GIVEN ? cohortPerson.given : cohortPerson.family;
      return this.termFrequencyWeight(comparison, id);
    }
    return this.weights[comparison][level];
  }

  /**
   * Agreeing on a rare name is stronger evidence than agreeing on "Smith": u becomes the share of
   * the cohort with that name, blended with the model's u by a pseudo-count (so a small cohort
   * cannot swing it) and floored at minimumU (so no name is treated as rarer than that).
   */
  private termFrequencyWeight(comparison: number, id: number): number {
    const { pseudoCount, minimumU } = this.model.termFrequency;
    const counts = comparison === GIVEN ? this.frequencies.given : this.frequencies.family;
    const u = (counts.get(id) + pseudoCount * this.exactU[comparison]) / (this.frequencies.size() + pseudoCount);
    return toUnits(Math.log2(this.exactM[comparison] / Math.max(u, minimumU)));
  }

  /** The contributions of the pair last compared, prior first; they sum exactly to its score. */
  contributions(cohortPerson: PreparedRecord): Contribution[] {
    const contributions: Contribution[] = [{ comparison: 'prior', level: 'base rate', weight: this.prior / WEIGHT_UNITS }];
    for (let c = 0; c < comparisonCount; c++) {
      const level = this.levels[c];
      const levelName = level === MISSING ? 'missing' : comparisonLevels[comparisonNames[c]][level];
      contributions.push({ comparison: comparisonLabels[c], level: levelName, weight: this.weightUnits(c, level, cohortPerson) / WEIGHT_UNITS });
    }
    return contributions;
  }

  /**
   * A valid strong identifier that agrees is decisive and one that differs vetoes, whatever the
   * weaker fields say; both at once (same NHS number, different PNC ID) go to a person to review.
   * Otherwise the score decides, with one guard for households. Twins, and a parent and child with
   * the same name, share family name, address and postcode; the score counts those as independent
   * evidence against a random person, which they are not against a look-alike at home. So when the
   * given names (or dates of birth) differ outright, a link must also beat the hypothesis that the
   * record is the person's twin (or namesake parent or child): the odds of that against a match are
   * the cohort's share of people with such a look-alike over m of the `different` level. A cohort
   * of households keeps these pairs at review; a list of unrelated people (where the share is
   * about 1/N) lets an overwhelming score link despite a mangled name.
   */
  decide(units: number): Decision {
    const levels = this.levels;
    const agrees = levels[NHS] === SAME || levels[PNC] === SAME;
    const vetoes = levels[NHS] === DIFFERENT || levels[PNC] === DIFFERENT;
    if (agrees) return vetoes ? 'review' : 'link';
    if (vetoes) return 'no-link';
    const { link, review } = this.model.thresholds;
    const score = units / WEIGHT_UNITS;
    if (score < link) return score >= review ? 'review' : 'no-link';
    const givenDiffers = levels[GIVEN] === GIVEN_DIFFERENT;
    const dobDiffers = levels[DOB] === DOB_DIFFERENT;
    if (!givenDiffers && !dobDiffers) return 'link';
    const shares = this.lookAlikes();
    const lookAlikeOdds = (givenDiffers ? shares.twin / this.differentM[0] : 0) + (dobDiffers ? shares.namesake / this.differentM[1] : 0);
    return 2 ** -score + lookAlikeOdds <= 2 ** -link ? 'link' : 'review';
  }

  /** True when the pair last compared has a valid strong identifier on both sides, so `decide` ignores the score. */
  strongIdentifierDecides(): boolean {
    return this.levels[NHS] !== MISSING || this.levels[PNC] !== MISSING;
  }
}
