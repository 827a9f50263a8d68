import * as keyBuckets from './key-buckets';

// Bound once: tsx's CommonJS output reads every imported name through a getter, costly per lookup.
const { FIRST, SIZE, KeyBuckets } = keyBuckets;

/**
 * Blocks of the people added one at a time (a live index's newcomers, or a whole index built by
 * `add`), as linked lists in typed arrays: each key's bucket holds the block's newest entry and
 * its size; each entry a cohort position and the next entry, side by side. Adding a person never
 * moves anyone else. Two keys that hash alike share a block: that costs a few extra comparisons,
 * never a missed one. (A cohort loaded at once goes into a PackedBlocks instead.)
 */
export class BlockTable {
  private readonly keys = new KeyBuckets();
  /** Per entry: cohort position, next entry (-1 at the end of the block). */
  private entries = new Int32Array(1 << 12);
  private entryTotal = 0;

  get isEmpty(): boolean {
    return this.entryTotal === 0;
  }

  add(key: number, position: number): void {
    const at = this.keys.findOrClaim(key, -1);
    const entry = this.entryTotal++;
    if (entry * 2 === this.entries.length) {
      const grown = new Int32Array(Math.ceil(this.entries.length * 0.75) * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    const buckets = this.keys.buckets;
    this.entries[entry * 2] = position;
    this.entries[entry * 2 + 1] = buckets[at + FIRST];
    buckets[at + FIRST] = entry;
    buckets[at + SIZE]++;
  }

  /** A removed person's entries stay (the index skips them); only the block's size shrinks. */
  shrink(key: number): void {
    const at = this.keys.find(key);
    if (at >= 0) this.keys.buckets[at + SIZE]--;
  }

  /** The key's bucket, or -1 when it has no block. */
  find(key: number): number {
    return this.keys.find(key);
  }

  /** How many live people the block of bucket `at` holds. */
  sizeAt(at: number): number {
    return this.keys.buckets[at + SIZE];
  }

  /** The newest entry of the block of bucket `at`. */
  firstAt(at: number): number {
    return this.keys.buckets[at + FIRST];
  }

  next(entry: number): number {
    return this.entries[entry * 2 + 1];
  }

  position(entry: number): number {
    return this.entries[entry * 2];
  }
}
