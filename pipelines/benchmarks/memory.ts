/**
 * Peak memory of this process. RSS comes from the kernel's own high-water mark (getrusage), so
 * nothing between samples is missed; the heap has no such mark and is sampled at checkpoints.
 */
export class PeakMemory {
  private heapUsed = 0;

  sample(): void {
    this.heapUsed = Math.max(this.heapUsed, process.memoryUsage().heapUsed);
  }

  snapshot(): { peakRssBytes: number; peakHeapUsedBytes: number } {
    this.sample();
    return { peakRssBytes: process.resourceUsage().maxRSS * 1024, peakHeapUsedBytes: this.heapUsed };
  }
}

/** Heap in use after a full collection, when the process runs with --expose-gc. */
export function retainedHeapBytes(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  return process.memoryUsage().heapUsed;
}
