/**
 * Blocks as linked lists in typed arrays. A key (a 30-bit hash) is found by open addressing
 * (linear probing) in one Int32Array holding, per bucket, the key, the block's newest entry and
 * its size side by side, so a lookup touches one cache line; each entry holds a cohort position
 * and the next entry, side by side too. At a million people and a couple of dozen keys each this
 * is a few bytes per entry, with no Map and no object per block, and adding a person never moves
 * anyone else. Two keys that hash alike share a block: that costs a few extra comparisons, never a
 * missed one.
 */
const STRIDE = 3; // key + 1 (0 = empty bucket), newest entry, size
const KEY = 0, HEAD = 1, SIZE = 2;
/** Buckets grow by half when more than this share is used: memory matters more than a probe or two. */
const MAX_LOAD = 0.7;

export class BlockTable {
  private buckets = new Int32Array((1 << 12) * STRIDE);
  private capacity = 1 << 12;
  private used = 0;
  /** Per entry: cohort position, next entry (-1 at the end of the block). */
  private entries = new Int32Array(1 << 15);
  private entryTotal = 0;

  /** The bucket's offset in `buckets` for the key, or -1 when the key has none. */
  private find(key: number): number {
    const stored = key + 1;
    const buckets = this.buckets;
    const end = buckets.length;
    for (let at = bucketOf(key, this.capacity) * STRIDE; ; at = at + STRIDE === end ? 0 : at + STRIDE) {
      const found = buckets[at];
      if (found === stored) return at;
      if (found === 0) return -1;
    }
  }

  /** The first empty bucket's offset from the key's home bucket on. */
  private emptyFor(key: number): number {
    const buckets = this.buckets;
    let at = bucketOf(key, this.capacity) * STRIDE;
    while (buckets[at] !== 0) at = at + STRIDE === buckets.length ? 0 : at + STRIDE;
    return at;
  }

  private claim(key: number): number {
    if (this.used + 1 > this.capacity * MAX_LOAD) this.rehash(Math.ceil(this.capacity * 1.5));
    this.used++;
    const at = this.emptyFor(key);
    this.buckets[at + KEY] = key + 1;
    this.buckets[at + HEAD] = -1;
    return at;
  }

  private rehash(capacity: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(capacity * STRIDE);
    this.capacity = capacity;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] !== 0) this.buckets.set(old.subarray(at, at + STRIDE), this.emptyFor(old[at] - 1));
    }
  }

  add(key: number, position: number): void {
    let at = this.find(key);
    if (at < 0) at = this.claim(key);
    const entry = this.entryTotal++;
    if (entry * 2 === this.entries.length) {
      const grown = new Int32Array(Math.ceil(this.entries.length * 0.75) * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    this.entries[entry * 2] = position;
    this.entries[entry * 2 + 1] = this.buckets[at + HEAD];
    this.buckets[at + HEAD] = entry;
    this.buckets[at + SIZE]++;
  }

  /** A removed person's entries stay (the index skips them); only the block's size shrinks. */
  shrink(key: number): void {
    const at = this.find(key);
    if (at >= 0) this.buckets[at + SIZE]--;
  }

  /** The newest entry of the key's block, or -1 when there is none or it holds more than `cap` people. */
  first(key: number, cap: number): number {
    const at = this.find(key);
    if (at < 0 || this.buckets[at + SIZE] > cap) return -1;
    return this.buckets[at + HEAD];
  }

  /** How many live people the key's block holds (0 when there is none). */
  size(key: number): number {
    const at = this.find(key);
    return at < 0 ? 0 : this.buckets[at + SIZE];
  }

  next(entry: number): number {
    return this.entries[entry * 2 + 1];
  }

  position(entry: number): number {
    return this.entries[entry * 2];
  }

  get entryCount(): number {
    return this.entryTotal;
  }
}

/** The key's home bucket: keys are hashes already, but one multiply spreads neighbouring keys; then scaled to the capacity. */
const bucketOf = (key: number, capacity: number): number => {
  const h = Math.imul(key, 0x9e3779b1);
  return Math.floor(((h ^ (h >>> 15)) >>> 0) * (capacity / 4294967296));
};
