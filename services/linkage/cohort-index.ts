import { BlockTable } from './block-table';
import { FALLBACK, NARROW, householdKeys, indexKeys, queryKeys, type Tier } from './blocking-rules';
import { defaultModel, type LinkageModel } from './model';
import { PackedBlocks } from './packed-blocks';
import { DOB, FAMILY, GIVEN, PersonRows } from './person-rows';
import { prepareRecord, type PreparedRecord } from './prepare';
import { PairScorer } from './scorer';
import type { PersonRecord } from './types';
import { Counts, createVocabulary, type Vocabulary } from './vocabulary';
import { VisitedSet } from './visited-set';

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
  /** The cohort, one row per position ever used; a removed person's row is marked removed. */
  readonly people = new PersonRows();
  /** The record being matched, in row 0, so it is compared with cohort rows row to row. */
  readonly query = new PersonRows(1);
  private positions = 0;
  private readonly positionOf = new Map<string, number>();
  /** Blocks of the cohort loaded at once (positions below `packedCount`), and of everyone added after. */
  private packed: PackedBlocks | null = null;
  private packedCount = 0;
  private readonly blocks = new BlockTable();
  private readonly givenCounts = new Counts();
  private readonly familyCounts = new Counts();
  private readonly maxBlockSize: number;
  private readonly visited = new VisitedSet();
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

  /** The person at a cohort position, rebuilt from their row (null when removed); for tests and tools, not the hot path. */
  personAt(position: number): PreparedRecord | null {
    return this.people.isLive(position) ? this.people.prepared(position) : null;
  }

  /** The id of the cohort person at a position. */
  idAt(position: number): string {
    return this.people.ids[position];
  }

  add(record: PersonRecord): void {
    this.remove(record.id);
    const person = this.prepare(record);
    const position = this.positions++;
    this.people.write(position, person);
    this.positionOf.set(person.id, position);
    this.count++;
    this.givenCounts.add(person.given, 1);
    this.familyCounts.add(person.family, 1);
    this.countLookAlikes(person, position, 1);
    for (const key of new Set(indexKeys(this.vocabulary, person))) this.blocks.add(key, position);
  }

  /**
   * Loads a whole cohort into an empty index: the same as adding each person, but their blocks are
   * packed (see PackedBlocks) and the household look-alikes counted once at the end. An index that
   * has people already, or a cohort that repeats an id, is added to person by person instead.
   */
  load(cohort: readonly PersonRecord[]): void {
    if (this.positions > 0 || new Set(cohort.map((person) => person.id)).size < cohort.length) {
      for (const person of cohort) this.add(person);
      return;
    }
    for (const record of cohort) {
      const person = this.prepare(record);
      const position = this.positions++;
      this.people.write(position, person);
      this.positionOf.set(person.id, position);
      this.givenCounts.add(person.given, 1);
      this.familyCounts.add(person.family, 1);
    }
    this.count = this.packedCount = this.positions;
    const person = this.people.prepared(0);
    const keys: number[] = [];
    this.packed = PackedBlocks.build(this.positions, (position) => distinct(indexKeys(this.vocabulary, this.people.readInto(position, person as Scratch), clear(keys))));
    for (let position = 0; position < this.positions; position++) this.countLookAlikes(this.people.readInto(position, person as Scratch), position, 1, true);
  }

  remove(id: string): boolean {
    const position = this.positionOf.get(id);
    if (position === undefined) return false;
    const person = this.people.prepared(position);
    this.people.markRemoved(position);
    this.positionOf.delete(id);
    this.count--;
    this.givenCounts.add(person.given, -1);
    this.familyCounts.add(person.family, -1);
    this.countLookAlikes(person, position, -1);
    const blocks = position < this.packedCount ? this.packed : this.blocks;
    for (const key of new Set(indexKeys(this.vocabulary, person))) blocks?.shrink(key);
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

  /**
   * Adds (+1) or removes (-1) the look-alike pairs the person at `self` makes with the other live
   * people (with those at lower positions only when `earlierOnly`, so a pair counts once).
   */
  private countLookAlikes(person: PreparedRecord, self: number, delta: number, earlierOnly = false): void {
    const [twinKey, namesakeKey] = householdKeys(this.vocabulary, person);
    const people = this.people;
    const isOther = (other: number): boolean => (earlierOnly ? other < self : other !== self) && people.isLive(other);
    if (twinKey !== 0) {
      this.forEachIn(twinKey, (other) => {
        if (isOther(other) && people.field(other, FAMILY) === person.family && people.field(other, GIVEN) !== person.given) this.twinPairs += delta;
      });
    }
    if (namesakeKey !== 0) {
      this.forEachIn(namesakeKey, (other) => {
        if (!isOther(other) || people.field(other, GIVEN) !== person.given || people.field(other, FAMILY) !== person.family) return;
        const otherDob = people.field(other, DOB);
        if (otherDob >= 0 && person.dateOfBirth >= 0 && otherDob !== person.dateOfBirth) this.namesakePairs += delta;
      });
    }
  }

  /** Every position in the key's blocks, removed people included. */
  private forEachIn(key: number, each: (position: number) => void): void {
    const { packed, blocks } = this;
    const at = blocks.isEmpty ? -1 : blocks.find(key);
    if (at >= 0) for (let entry = blocks.firstAt(at); entry >= 0; entry = blocks.next(entry)) each(blocks.position(entry));
    const packedAt = packed === null ? -1 : packed.find(key);
    if (packed !== null && packedAt >= 0) {
      const start = packed.startAt(packedAt), end = start + 1 + packed.positions[start];
      for (let i = start + 1; i < end; i++) each(packed.positions[i]);
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
   * record. NARROW starts a new record (and writes it into `query` for `scoreCandidate`); FALLBACK
   * continues it, skipping people already visited.
   */
  forEachCandidate(record: PreparedRecord, visit: (position: number) => void, tier: Tier = NARROW): void {
    if (tier === NARROW) {
      this.visited.clear();
      this.query.clearTokens();
      this.query.write(0, record);
    }
    const { keys, broadKeys } = this;
    keys.length = 0;
    broadKeys.length = 0;
    queryKeys(this.vocabulary, record, keys, tier, broadKeys);
    this.visitBlocks(keys, tier === NARROW ? this.maxBlockSize : this.maxFallbackBlockSize, visit);
    this.visitBlocks(broadKeys, this.maxBroadBlockSize, visit);
  }

  /** The score in weight units of the record last passed to forEachCandidate against a cohort position; `scorer.levels` then holds its levels. */
  scoreCandidate(position: number): number {
    return this.scorer.scoreRows(this.query, 0, this.people, position);
  }

  /** The score in weight units of the record against a cohort position, outside a visit; `scorer.levels` then holds its levels. */
  scoreRecordAgainst(record: PreparedRecord, position: number): number {
    this.query.clearTokens();
    this.query.write(0, record);
    return this.scoreCandidate(position);
  }

  /** Visits each new live person in the keys' blocks, skipping a key whose blocks hold more than `cap` live people. */
  private visitBlocks(keys: readonly number[], cap: number, visit: (position: number) => void): void {
    const { packed, blocks, visited, people } = this;
    const positions = packed?.positions;
    const dynamic = !blocks.isEmpty;
    for (let k = 0; k < keys.length; k++) {
      const packedAt = packed === null ? -1 : packed.find(keys[k]);
      const at = dynamic ? blocks.find(keys[k]) : -1;
      const size = (packedAt >= 0 ? (packed as PackedBlocks).sizeAt(packedAt) : 0) + (at >= 0 ? blocks.sizeAt(at) : 0);
      if (size === 0 || size > cap) continue;
      // Newest first, as if every person had been added one by one: people added after the load, then the loaded ones.
      for (let entry = at < 0 ? -1 : blocks.firstAt(at); entry >= 0; entry = blocks.next(entry)) {
        const position = blocks.position(entry);
        if (visited.add(position) && people.isLive(position)) visit(position);
      }
      if (packedAt < 0 || !positions) continue;
      const start = (packed as PackedBlocks).startAt(packedAt), end = start + 1 + positions[start];
      for (let i = start + 1; i < end; i++) {
        const position = positions[i];
        if (visited.add(position) && people.isLive(position)) visit(position);
      }
    }
  }
}

type Scratch = Parameters<PersonRows['readInto']>[1];

const clear = (values: number[]): number[] => {
  values.length = 0;
  return values;
};

/** The array's distinct values, in place (sorted): a person's couple of dozen keys, without a Set per person. */
function distinct(values: number[]): number[] {
  values.sort((a, b) => a - b);
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[i - 1]) values[kept++] = values[i];
  values.length = kept;
  return values;
}

export function buildCohortIndex(cohort: readonly PersonRecord[], model: LinkageModel = defaultModel, options: CohortIndexOptions = {}): LinkageIndex {
  const index = new LinkageIndex(model, options);
  index.load(cohort);
  return index;
}
