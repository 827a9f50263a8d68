import { BlockTable } from './block-table';
import { FALLBACK, NARROW, householdKeys, indexKeys, queryKeys, type Tier } from './blocking-rules';
import { defaultModel, type LinkageModel } from './model';
import { prepareRecord, type PreparedRecord } from './prepare';
import { PairScorer } from './scorer';
import type { PersonRecord } from './types';
import { Counts, createVocabulary, type Vocabulary } from './vocabulary';

/**
 * The cohort, prepared and blocked, ready to match records against. It is mutable so a
 * long-running matcher can keep it current: `add` a person who joins (or whose details change:
 * adding an id already present replaces that person) and `remove` one who leaves. Positions are
 * stable; a removed person's position stays empty.
 */
export interface CohortIndex {
  readonly size: number;
  readonly model: LinkageModel;
  /** Cohort positions worth comparing with the record (blocked candidates). */
  candidatesFor(record: PersonRecord): readonly number[];
  add(record: PersonRecord): void;
  remove(id: string): boolean;
}

export type CohortIndexOptions = Readonly<{
  /** A block with more people than this is skipped: it says too little to be worth comparing. */
  maxBlockSize?: number;
  /** The same for the fallback keys (partial evidence: postcode and birth year, initials and part of a date...). */
  maxFallbackBlockSize?: number;
  /**
   * The same for the fallback keys whose blocks grow with the cohort (names alone, the date of
   * birth alone): they help in a small cohort and stop costing anything in a large one.
   */
  maxBroadBlockSize?: number;
}>;

export class LinkageIndex implements CohortIndex {
  readonly vocabulary: Vocabulary = createVocabulary();
  readonly scorer: PairScorer;
  private readonly people: (PreparedRecord | null)[] = [];
  private readonly positionOf = new Map<string, number>();
  private readonly blocks = new BlockTable();
  private readonly givenCounts = new Counts();
  private readonly familyCounts = new Counts();
  private readonly maxBlockSize: number;
  private seen = new Uint32Array(1024);
  private stamp = 0;
  private readonly keys: number[] = [];
  private readonly broadKeys: number[] = [];
  private readonly maxFallbackBlockSize: number;
  private readonly maxBroadBlockSize: number;
  private count = 0;
  /** Pairs of cohort people who look like twins, and like a parent and the child named after them. */
  private twinPairs = 0;
  private namesakePairs = 0;

  constructor(readonly model: LinkageModel, options: CohortIndexOptions = {}) {
    this.maxBlockSize = options.maxBlockSize ?? 16;
    this.maxFallbackBlockSize = options.maxFallbackBlockSize ?? 8;
    this.maxBroadBlockSize = options.maxBroadBlockSize ?? 4;
    this.scorer = new PairScorer(this.vocabulary, model, { given: this.givenCounts, family: this.familyCounts, size: () => this.count }, () => this.lookAlikes());
  }

  get size(): number {
    return this.count;
  }

  prepare(record: PersonRecord): PreparedRecord {
    return prepareRecord(this.vocabulary, record);
  }

  personAt(position: number): PreparedRecord | null {
    return this.people[position] ?? null;
  }

  add(record: PersonRecord): void {
    this.remove(record.id);
    const person = this.prepare(record);
    const position = this.people.length;
    this.people.push(person);
    this.positionOf.set(person.id, position);
    this.count++;
    this.givenCounts.add(person.given, 1);
    this.familyCounts.add(person.family, 1);
    this.countLookAlikes(person, 1);
    for (const key of new Set(indexKeys(this.vocabulary, person))) this.blocks.add(key, position);
  }

  remove(id: string): boolean {
    const position = this.positionOf.get(id);
    if (position === undefined) return false;
    const person = this.people[position] as PreparedRecord;
    this.people[position] = null;
    this.positionOf.delete(id);
    this.count--;
    this.givenCounts.add(person.given, -1);
    this.familyCounts.add(person.family, -1);
    this.countLookAlikes(person, -1);
    for (const key of new Set(indexKeys(this.vocabulary, person))) this.blocks.shrink(key);
    return true;
  }

  /**
   * How common household look-alikes are in this cohort: the share of people with a twin in it
   * (same family name, postcode and birthday, another given name) and with a namesake at home (same
   * names and postcode, another birthday), each smoothed by one. A cohort of households has many;
   * a list of unrelated people has none, and then a link need not guard against them.
   */
  lookAlikes(): { twin: number; namesake: number } {
    const people = this.count + 1;
    return { twin: (2 * this.twinPairs + 1) / people, namesake: (2 * this.namesakePairs + 1) / people };
  }

  /** Adds (+1) or removes (-1) the look-alike pairs the person makes with people already indexed. */
  private countLookAlikes(person: PreparedRecord, delta: number): void {
    const [twinKey, namesakeKey] = householdKeys(this.vocabulary, person);
    const blocks = this.blocks;
    for (let entry = twinKey < 0 ? -1 : blocks.first(twinKey, Infinity); entry >= 0; entry = blocks.next(entry)) {
      const other = this.people[blocks.position(entry)];
      if (other && other !== person && other.family === person.family && other.given !== person.given) this.twinPairs += delta;
    }
    for (let entry = namesakeKey < 0 ? -1 : blocks.first(namesakeKey, Infinity); entry >= 0; entry = blocks.next(entry)) {
      const other = this.people[blocks.position(entry)];
      if (other && other !== person && other.given === person.given && other.family === person.family && other.dateOfBirth >= 0 && person.dateOfBirth >= 0 && other.dateOfBirth !== person.dateOfBirth) this.namesakePairs += delta;
    }
  }

  candidatesFor(record: PersonRecord): readonly number[] {
    const found: number[] = [];
    const prepared = this.prepare(record);
    this.forEachCandidate(prepared, (position) => found.push(position));
    this.forEachCandidate(prepared, (position) => found.push(position), FALLBACK);
    return found;
  }

  /**
   * Calls visit once for each distinct live cohort position sharing a block of the tier with the
   * record. NARROW starts a new record; FALLBACK continues it, skipping people already visited.
   */
  forEachCandidate(record: PreparedRecord, visit: (position: number) => void, tier: Tier = NARROW): void {
    if (tier === NARROW) this.newVisit();
    const { keys, broadKeys } = this;
    keys.length = 0;
    broadKeys.length = 0;
    queryKeys(this.vocabulary, record, keys, tier, broadKeys);
    this.visitBlocks(keys, tier === NARROW ? this.maxBlockSize : this.maxFallbackBlockSize, visit);
    this.visitBlocks(broadKeys, this.maxBroadBlockSize, visit);
  }

  private visitBlocks(keys: readonly number[], cap: number, visit: (position: number) => void): void {
    const { blocks, seen, stamp, people } = this;
    for (let k = 0; k < keys.length; k++) {
      for (let entry = blocks.first(keys[k], cap); entry >= 0; entry = blocks.next(entry)) {
        const position = blocks.position(entry);
        if (seen[position] === stamp || people[position] === null) continue;
        seen[position] = stamp;
        visit(position);
      }
    }
  }

  private newVisit(): void {
    if (this.seen.length < this.people.length) this.seen = new Uint32Array(this.people.length * 2);
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }
}

export function buildCohortIndex(cohort: readonly PersonRecord[], model: LinkageModel = defaultModel, options: CohortIndexOptions = {}): LinkageIndex {
  const index = new LinkageIndex(model, options);
  for (const person of cohort) index.add(person);
  return index;
}
