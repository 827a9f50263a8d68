import { BlockTable } from './block-table';
import { indexKeys, queryKeys } from './blocking-rules';
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
  private count = 0;

  constructor(readonly model: LinkageModel, options: CohortIndexOptions = {}) {
    this.maxBlockSize = options.maxBlockSize ?? 16;
    this.scorer = new PairScorer(this.vocabulary, model, { given: this.givenCounts, family: this.familyCounts, size: () => this.count });
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
    for (const key of new Set(indexKeys(this.vocabulary, person))) this.blocks.shrink(key);
    return true;
  }

  candidatesFor(record: PersonRecord): readonly number[] {
    const found: number[] = [];
    this.forEachCandidate(this.prepare(record), (position) => found.push(position));
    return found;
  }

  /** Calls visit once for each distinct live cohort position sharing a block with the record. */
  forEachCandidate(record: PreparedRecord, visit: (position: number) => void): void {
    if (this.seen.length < this.people.length) this.seen = new Uint32Array(this.people.length * 2);
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const keys = this.keys;
    keys.length = 0;
    queryKeys(this.vocabulary, record, keys);
    for (const key of keys) {
      for (let entry = this.blocks.first(key, this.maxBlockSize); entry >= 0; entry = this.blocks.next(entry)) {
        const position = this.blocks.position(entry);
        if (this.seen[position] === this.stamp || this.people[position] === null) continue;
        this.seen[position] = this.stamp;
        visit(position);
      }
    }
  }
}

export function buildCohortIndex(cohort: readonly PersonRecord[], model: LinkageModel = defaultModel, options: CohortIndexOptions = {}): LinkageIndex {
  const index = new LinkageIndex(model, options);
  for (const person of cohort) index.add(person);
  return index;
}
