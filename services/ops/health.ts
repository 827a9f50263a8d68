/**
 * What a long-running process says about itself on /healthz and /readyz. Each part of the process
 * (a consumer, the scheduler loop, the portal) reports its state; the process is ready when every
 * part is `ok` or `standby` (a second copy waiting for a writer lock is ready to take over).
 */
export type PartState = 'starting' | 'ok' | 'standby' | 'outage' | 'stopped';
export type PartHealth = Readonly<{ state: PartState; detail?: string; since: string }>;

/** A check made when /readyz is asked (e.g. can the portal reach PostgreSQL): resolves, or rejects saying why. */
export type Probe = () => Promise<void>;

/** A probe that has not answered within this long counts as failed. */
const probeTimeoutMs = 2_000;

export type HealthReport = Readonly<{ ready: boolean; stopping: boolean; parts: Readonly<Record<string, PartHealth>> }>;

export class Health {
  private readonly parts = new Map<string, PartHealth>();
  private readonly probes = new Map<string, Probe>();
  private stopping = false;

  constructor(private readonly now: () => Date = () => new Date()) {}

  set(part: string, state: PartState, detail?: string): void {
    const current = this.parts.get(part);
    if (current?.state === state && current.detail === detail) return;
    this.parts.set(part, { state, ...(detail ? { detail } : {}), since: this.now().toISOString() });
  }

  /** Checked at every /readyz, as part `name`: for what only fails when used (a database behind a web page). */
  addProbe(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  /** Draining after SIGTERM: alive, not ready. */
  markStopping(): void {
    this.stopping = true;
  }

  async report(): Promise<HealthReport> {
    for (const [name, probe] of this.probes) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs)));
      try {
        await Promise.race([probe(), timeout]);
        this.set(name, 'ok');
      } catch (error) {
        this.set(name, 'outage', error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(timer);
      }
    }
    const parts = Object.fromEntries(this.parts);
    const ready = !this.stopping && this.parts.size > 0 && [...this.parts.values()].every((part) => part.state === 'ok' || part.state === 'standby');
    return { ready, stopping: this.stopping, parts };
  }
}
