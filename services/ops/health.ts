/**
 * What a long-running process says about itself on /healthz and /readyz. Each part of the process
 * (a consumer, the scheduler loop, the portal) reports its state; the process is ready when every
 * part is `ok` or `standby` (a second copy waiting for a writer lock is ready to take over).
 */
export type PartState = 'starting' | 'ok' | 'standby' | 'outage' | 'stopped' | 'failed';
export type PartHealth = Readonly<{ state: PartState; detail?: string; since: string }>;

export class Health {
  private readonly parts = new Map<string, PartHealth>();
  private stopping = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  set(part: string, state: PartState, detail?: string): void {
    const current = this.parts.get(part);
    if (current?.state === state && current.detail === detail) return;
    this.parts.set(part, { state, ...(detail ? { detail } : {}), since: this.now().toISOString() });
  }

  /** Draining after SIGTERM: alive, not ready. */
  markStopping(): void {
    this.stopping = true;
  }

  report(): Readonly<{ ready: boolean; stopping: boolean; parts: Readonly<Record<string, PartHealth>> }> {
    const parts = Object.fromEntries(this.parts);
    const ready = !this.stopping && this.parts.size > 0 && [...this.parts.values()].every((part) => part.state === 'ok' || part.state === 'standby');
    return { ready, stopping: this.stopping, parts };
  }
}
