import { formalNameOf } from './nicknames';
import { postcodeAreas } from './normalise';
import { nysiis } from './phonetic';

/** Each distinct string once, as a small integer: records hold ids, so equality is one comparison. */
export class Interner {
  private readonly idOf = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.idOf.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.idOf.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

/**
 * Distinct names (given and family share one list, so a swap is an id comparison) with what every
 * comparison needs worked out once per name rather than once per pair: phonetic code, the formal
 * name behind a nickname, the parts of a double-barrelled name.
 */
export class NameVocabulary {
  private readonly interner = new Interner();
  private readonly codes = new Interner();
  readonly strings = this.interner.values;
  readonly phonetic: number[] = [];
  readonly formal: number[] = [];
  /** Parts of a multi-part name ("smith jones"); null for the usual single part. */
  readonly parts: (readonly number[] | null)[] = [];

  /** The id of a name given as its parts (see nameParts), or -1 for none. */
  intern(parts: readonly string[]): number {
    if (parts.length === 0) return -1;
    const compact = parts.join('');
    const id = this.interner.intern(compact);
    if (id < this.phonetic.length) return id;
    this.phonetic.push(this.codes.intern(nysiis(compact)));
    this.formal.push(-1);
    this.parts.push(null);
    const formal = formalNameOf.get(compact) ?? formalNameOf.get(parts[0]);
    this.formal[id] = formal === undefined || formal === compact ? id : this.intern([formal]);
    this.parts[id] = parts.length > 1 ? parts.map((part) => this.intern([part])) : null;
    return id;
  }

  /** The phonetic code of the formal name, so "Bill" and "William" block together. */
  formalPhonetic(id: number): number {
    return this.phonetic[this.formal[id]];
  }
}

/** Distinct postcodes with their sector and district (as ids in one area list). */
export class PostcodeVocabulary {
  private readonly interner = new Interner();
  private readonly areas = new Interner();
  readonly strings = this.interner.values;
  readonly sector: number[] = [];
  readonly district: number[] = [];

  intern(compact: string): number {
    if (compact === '') return -1;
    const id = this.interner.intern(compact);
    if (id < this.sector.length) return id;
    const { sector, district } = postcodeAreas(compact);
    this.sector.push(sector ? this.areas.intern(`s ${sector}`) : -1);
    this.district.push(district ? this.areas.intern(`d ${district}`) : -1);
    return id;
  }
}

export type Vocabulary = Readonly<{ names: NameVocabulary; postcodes: PostcodeVocabulary; addressWords: Interner }>;

export const createVocabulary = (): Vocabulary => ({
  names: new NameVocabulary(),
  postcodes: new PostcodeVocabulary(),
  addressWords: new Interner(),
});

/** A count per id that grows as ids are added: how many cohort people have each value (for term frequencies). */
export class Counts {
  private counts = new Int32Array(1024);

  get(id: number): number {
    return id >= 0 && id < this.counts.length ? this.counts[id] : 0;
  }

  add(id: number, delta: number): void {
    if (id < 0) return;
    if (id >= this.counts.length) {
      const grown = new Int32Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[id] += delta;
  }
}
