/**
 * Runs at most `concurrency` jobs at once, the rest waiting in order; an urgent job goes ahead of
 * every waiting ordinary one. Password checks run through one of these: each scrypt takes 128 MiB
 * and a core for a good fraction of a second, so a flood of sign-in attempts queues here instead of
 * starving the machine, and a practitioner on a known device is not stuck behind the flood.
 */
export class WorkQueue {
  private running = 0;
  private readonly urgent: Array<() => void> = [];
  private readonly ordinary: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  get waiting(): number {
    return this.urgent.length + this.ordinary.length;
  }

  async run<T>(job: () => Promise<T>, urgent = false): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => (urgent ? this.urgent : this.ordinary).push(resolve));
    else this.running += 1;
    try {
      return await job();
    } finally {
      // The slot passes straight to the next job, so `running` counts it without a gap.
      const next = this.urgent.shift() ?? this.ordinary.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
