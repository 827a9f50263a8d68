/**
 * An open-addressing hash table (linear probing) from a block key to two integers, in one
 * Int32Array: per bucket the key, then the two values side by side, so a lookup touches one
 * cache line. Keys are 32-bit hashes already and never 0 (0 marks an empty bucket). The table grows
 * by half when more than 70% of it is used: memory matters more than a probe or two.
 */
export const STRIDE = 3;
/** Offsets of the two values in a bucket. */
export const FIRST = 1, SIZE = 2;
const MAX_LOAD = 0.7;

export class KeyBuckets {
  buckets: Int32Array;
  private capacity: number;
  private used = 0;

  constructor(capacity = 1 << 12) {
    this.capacity = capacity;
    this.buckets = new Int32Array(capacity * STRIDE);
  }

  get keyCount(): number {
    return this.used;
  }

  /** The bucket's offset in `buckets` for the key, or -1 when the key has none. */
  find(key: number): number {
    const buckets = this.buckets;
    const end = buckets.length;
    for (let at = bucketOf(key, this.capacity) * STRIDE; ; at = at + STRIDE === end ? 0 : at + STRIDE) {
      const found = buckets[at];
      if (found === key) return at;
      if (found === 0) return -1;
    }
  }

  /** The key's bucket, claimed with values (first, 0) when it has none. */
  findOrClaim(key: number, first: number): number {
    const found = this.find(key);
    if (found >= 0) return found;
    if (this.used + 1 > this.capacity * MAX_LOAD) this.rehash(Math.ceil(this.capacity * 1.5));
    this.used++;
    const at = this.emptyFor(key);
    this.buckets[at] = key;
    this.buckets[at + FIRST] = first;
    return at;
  }

  /** The first empty bucket's offset from the key's home bucket on. */
  private emptyFor(key: number): number {
    const buckets = this.buckets;
    let at = bucketOf(key, this.capacity) * STRIDE;
    while (buckets[at] !== 0) at = at + STRIDE === buckets.length ? 0 : at + STRIDE;
    return at;
  }

  private rehash(capacity: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(capacity * STRIDE);
    this.capacity = capacity;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] !== 0) this.buckets.set(old.subarray(at, at + STRIDE), this.emptyFor(old[at]));
    }
  }
}

/** The key's home bucket: keys are hashes already, but one multiply spreads neighbouring keys; then scaled to the capacity. */
const bucketOf = (key: number, capacity: number): number => {
  const h = Math.imul(key, 0x9e3779b1);
  return Math.floor(((h ^ (h >>> 15)) >>> 0) * (capacity / 4294967296));
};
