/**
 * Whether a figure's value follows exactly from published ones by adding and subtracting them: its
 * record set, as a 0/1 vector over the finest cells, lies in the span of theirs. Gaussian elimination
 * in floating point is exact enough here: the vectors are 0/1 and the tables small (hundreds of
 * cells), and a wrong "not determined" would need an error of half a unit. Pure.
 */
export class Span {
  private readonly basis: Array<{ pivot: number; row: Float64Array }> = [];

  constructor(private readonly size: number) {}

  /** Adds a vector; returns whether it was independent of those already added. */
  add(vector: Float64Array): boolean {
    const reduced = this.reduce(vector);
    const pivot = reduced.findIndex((value) => Math.abs(value) > 1e-9);
    if (pivot < 0) return false;
    const scale = reduced[pivot];
    for (let i = 0; i < this.size; i += 1) reduced[i] /= scale;
    this.basis.push({ pivot, row: reduced });
    return true;
  }

  contains(vector: Float64Array): boolean {
    return this.reduce(vector).every((value) => Math.abs(value) <= 1e-9);
  }

  private reduce(vector: Float64Array): Float64Array {
    const out = Float64Array.from(vector);
    for (const { pivot, row } of this.basis) {
      const factor = out[pivot];
      if (Math.abs(factor) <= 1e-12) continue;
      for (let i = 0; i < this.size; i += 1) out[i] -= factor * row[i];
    }
    return out;
  }
}
