import * as addressComparison from './address-comparison';
import * as comparisons from './comparisons';
import { comparisonLevels, comparisonNames, type LinkageModel } from './model';
import * as personRows from './person-rows';
import type { PreparedRecord } from './prepare';
import type { Contribution, Decision } from './types';
import type { Counts, Vocabulary } from './vocabulary';

// Hot-path imports bound once: tsx's CommonJS output reads every imported name through a getter,
// which costs about a tenth of the time of scoring a pair.
const { addressLevel } = addressComparison;
const { ADDRESS, DOB, EXACT_NAME, FAMILY, GIVEN, MISSING, NHS, PNC, POSTCODE, comparisonCount } = comparisons;
const { dateOfBirthLevel, familyNameLevel, givenNameLevel, namesSwapped, postcodeLevel } = comparisons;
const { PersonRows } = personRows;
const ROW = { given: personRows.GIVEN, family: personRows.FAMILY, dob: personRows.DOB, postcode: personRows.POSTCODE } as const;

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
  /** Rows for pairs given as prepared records (a record, a cohort person), and what they hold. */
  private readonly recordRow = new PersonRows(1);
  private readonly personRow = new PersonRows(1);
  private lastRecord: PreparedRecord | null = null;
  private lastPerson: PreparedRecord | null = null;

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

  /**
   * Fills `levels` for the pair: row `a` of `A` is the record, row `b` of `B` the cohort person
   * (the index keeps its cohort in one PersonRows and writes each record into another).
   */
  compareRows(A: personRows.PersonRows, a: number, B: personRows.PersonRows, b: number): Uint8Array {
    const levels = this.levels;
    const names = this.vocabulary.names;
    const rowA = PersonRows.row(a), rowB = PersonRows.row(b);
    const rowsA = A.rows, rowsB = B.rows;
    const givenA = rowsA[rowA + ROW.given], givenB = rowsB[rowB + ROW.given];
    const familyA = rowsA[rowA + ROW.family], familyB = rowsB[rowB + ROW.family];
    const swapped = givenA !== givenB && familyA !== familyB && namesSwapped(names, givenA, familyA, givenB, familyB);
    levels[GIVEN] = givenNameLevel(names, givenA, givenB, swapped);
    levels[FAMILY] = familyNameLevel(names, familyA, familyB, swapped);
    levels[DOB] = dateOfBirthLevel(rowsA[rowA + ROW.dob], rowsB[rowB + ROW.dob]);
    levels[POSTCODE] = postcodeLevel(this.vocabulary, rowsA[rowA + ROW.postcode], rowsB[rowB + ROW.postcode]);
    levels[ADDRESS] = addressLevel(this.vocabulary.addressWords, A, a, B, b);
    const nhsA = A.nhs(a), pncA = A.pnc(a);
    const nhsB = nhsA < 0 ? -1 : B.nhs(b), pncB = pncA < 0 ? -1 : B.pnc(b);
    levels[NHS] = nhsA < 0 || nhsB < 0 ? MISSING : nhsA === nhsB ? SAME : DIFFERENT;
    levels[PNC] = pncA < 0 || pncB < 0 ? MISSING : pncA === pncB ? SAME : DIFFERENT;
    return levels;
  }

  /** The score of the pair of rows in weight units (integer); `levels` then holds its levels. */
  scoreRows(A: personRows.PersonRows, a: number, B: personRows.PersonRows, b: number): number {
    const levels = this.compareRows(A, a, B, b);
    const given = B.field(b, ROW.given), family = B.field(b, ROW.family);
    let total = this.prior;
    for (let c = 0; c < comparisonCount; c++) total += this.weightUnits(c, levels[c], given, family);
    return total;
  }

  /** Fills `levels` for two prepared records (a is the record, b the cohort person). */
  compare(a: PreparedRecord, b: PreparedRecord): Uint8Array {
    this.toRows(a, b);
    return this.compareRows(this.recordRow, 0, this.personRow, 0);
  }

  /** The score of two prepared records in weight units; `levels` then holds its levels. */
  scoreUnits(a: PreparedRecord, b: PreparedRecord): number {
    this.toRows(a, b);
    return this.scoreRows(this.recordRow, 0, this.personRow, 0);
  }

  /** Writes the pair into the scratch rows, skipping a side that is the same (immutable) object as last time. */
  private toRows(a: PreparedRecord, b: PreparedRecord): void {
    if (a !== this.lastRecord) {
      this.recordRow.clearTokens();
      this.recordRow.write(0, a);
      this.lastRecord = a;
    }
    if (b !== this.lastPerson) {
      this.personRow.clearTokens();
      this.personRow.write(0, b);
      this.lastPerson = b;
    }
  }

  /** One comparison's weight in units; exact names use the frequency of the cohort person's name (`given`, `family`: name ids). */
  weightUnits(comparison: number, level: number, given: number, family: number): number {
    if (level === MISSING) return 0;
    if (level === EXACT_NAME && (comparison === GIVEN || comparison === FAMILY)) {
      return this.termFrequencyWeight(comparison, comparison === GIVEN ? given : family);
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

  /**
   * The levels and weights of the pair last compared (`given`, `family`: the cohort person's name
   * ids), level then weight per comparison: what `contributionsOf` words, kept compact so a pair
   * whose contributions nobody reads costs one small typed array.
   */
  snapshot(given: number, family: number): Int32Array {
    const snapshot = new Int32Array(comparisonCount * 2);
    for (let c = 0; c < comparisonCount; c++) {
      snapshot[c * 2] = this.levels[c];
      snapshot[c * 2 + 1] = this.weightUnits(c, this.levels[c], given, family);
    }
    return snapshot;
  }

  /** The contributions of a snapshot, prior first; they sum exactly to the pair's score. */
  contributionsOf(snapshot: Int32Array): Contribution[] {
    const contributions: Contribution[] = [{ comparison: 'prior', level: 'base rate', weight: this.prior / WEIGHT_UNITS }];
    for (let c = 0; c < comparisonCount; c++) {
      const level = snapshot[c * 2];
      const levelName = level === MISSING ? 'missing' : comparisonLevels[comparisonNames[c]][level];
      contributions.push({ comparison: comparisonLabels[c], level: levelName, weight: snapshot[c * 2 + 1] / WEIGHT_UNITS });
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
