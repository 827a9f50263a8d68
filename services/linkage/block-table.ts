/**
 * Blocks as linked lists in typed arrays: a key (a 30-bit hash) maps to a slot, a slot to its
 * newest entry, each entry to a cohort position and the next entry. At a million people and a
 * dozen keys each this is a few bytes per entry instead of an array object per block, and adding
 * a person never moves anyone else. Two keys that hash alike share a block: that costs a few extra
 * comparisons, never a missed one.
 */
export class BlockTable {
  private readonly slotOf = new Map<number, number>();
  private head = new Int32Array(1 << 12);
  private sizes = new Int32Array(1 << 12);
  private slots = 0;
  private positions = new Int32Array(1 << 14);
  private nextEntry = new Int32Array(1 << 14);
  private entries = 0;

  add(key: number, position: number): void {
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.slots++;
      if (slot === this.head.length) [this.head, this.sizes] = [grow(this.head), grow(this.sizes)];
      this.head[slot] = -1;
      this.slotOf.set(key, slot);
    }
    const entry = this.entries++;
    if (entry === this.positions.length) [this.positions, this.nextEntry] = [grow(this.positions), grow(this.nextEntry)];
    this.positions[entry] = position;
    this.nextEntry[entry] = this.head[slot];
    this.head[slot] = entry;
    this.sizes[slot]++;
  }

  /** A removed person's entries stay (the index skips them); only the block's size shrinks. */
  shrink(key: number): void {
    const slot = this.slotOf.get(key);
    if (slot !== undefined) this.sizes[slot]--;
  }

  /** The newest entry of the key's block, or -1 when there is none or it holds more than `cap` people. */
  first(key: number, cap: number): number {
    const slot = this.slotOf.get(key);
    if (slot === undefined || this.sizes[slot] > cap) return -1;
    return this.head[slot];
  }

  next(entry: number): number {
    return this.nextEntry[entry];
  }

  position(entry: number): number {
    return this.positions[entry];
  }

  get entryCount(): number {
    return this.entries;
  }
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
