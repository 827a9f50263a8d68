/**
 * The cohort positions already visited for one record: a small open-addressing set that stays in
 * the first-level cache, where a flag per cohort person (a megabyte per quarter of a million
 * people) would cost a cache miss per candidate. Cleared per record by a new stamp, not by zeroing.
 */
const SLOTS = 4096;
const MAX_FILL = SLOTS * 0.7;

export class VisitedSet {
  private readonly positions = new Int32Array(SLOTS);
  private readonly stamps = new Uint32Array(SLOTS);
  private stamp = 1;
  private count = 0;
  /** Positions beyond what the table holds well; rare (a record touching thousands of people). */
  private overflow: Set<number> | null = null;

  clear(): void {
    this.count = 0;
    this.overflow = null;
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
  }

  /** Adds the position; false when it was already there. */
  add(position: number): boolean {
    const { positions, stamps, stamp } = this;
    let slot = Math.imul(position, 0x9e3779b1) >>> 20;
    while (stamps[slot] === stamp) {
      if (positions[slot] === position) return false;
      slot = (slot + 1) & (SLOTS - 1);
    }
    if (this.count >= MAX_FILL) {
      this.overflow ??= new Set();
      if (this.overflow.has(position)) return false;
      this.overflow.add(position);
      return true;
    }
    stamps[slot] = stamp;
    positions[slot] = position;
    this.count++;
    return true;
  }
}
