import * as keyBuckets from './key-buckets';

// Bound once: tsx's CommonJS output reads every imported name through a getter, costly per lookup.
const { FIRST, SIZE, STRIDE, KeyBuckets } = keyBuckets;

/**
 * Blocks of a cohort loaded at once, packed: each block's positions lie side by side in one
 * Int32Array after their count, so walking a block reads one cache line where linked entries
 * would cost one cache miss per person at a million people, and there are no next-pointers or
 * spare room to store. Built in two passes over the people's keys (count, then place); the
 * sizes kept per key follow removals, the positions do not (the index skips removed people).
 */
export class PackedBlocks {
  private constructor(
    private readonly keys: keyBuckets.KeyBuckets,
    /** Per block: the number of positions, then the positions. */
    readonly positions: Int32Array,
  ) {}

  /** The blocks of people 0 .. count-1; `keysOf` gives a person's distinct keys (the same on each call; the array may be reused). */
  static build(count: number, keysOf: (position: number) => readonly number[]): PackedBlocks {
    const keys = new KeyBuckets(Math.max(1 << 12, count * 8));
    for (let position = 0; position < count; position++) {
      for (const key of keysOf(position)) {
        const at = keys.findOrClaim(key, 0); // may grow the table: read `buckets` only after
        keys.buckets[at + SIZE]++;
      }
    }
    const buckets = keys.buckets;
    let total = 0;
    for (let at = 0; at < buckets.length; at += STRIDE) {
      if (buckets[at] === 0) continue;
      buckets[at + FIRST] = total;
      total += 1 + buckets[at + SIZE];
    }
    const positions = new Int32Array(total);
    // Newest first, as in a BlockTable, so candidates come in the same order either way.
    for (let position = count - 1; position >= 0; position--) {
      for (const key of keysOf(position)) {
        const start = buckets[keys.find(key) + FIRST];
        positions[start + 1 + positions[start]++] = position;
      }
    }
    return new PackedBlocks(keys, positions);
  }

  /** The key's bucket, or -1 when it has no block. */
  find(key: number): number {
    return this.keys.find(key);
  }

  /** How many live people the block of bucket `at` holds. */
  sizeAt(at: number): number {
    return this.keys.buckets[at + SIZE];
  }

  /** Where the block of bucket `at` starts in `positions` (its count, then its positions). */
  startAt(at: number): number {
    return this.keys.buckets[at + FIRST];
  }

  /** A removed person's position stays in the block; only the block's size shrinks. */
  shrink(key: number): void {
    const at = this.keys.find(key);
    if (at >= 0) this.keys.buckets[at + SIZE]--;
  }
}
