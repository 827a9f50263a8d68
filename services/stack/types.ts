/**
 * The shapes `stack status` reports. Kept apart from the code that fills them so the CLI and tests
 * can import them without pulling in child_process, pg or kafkajs.
 */
export type ComponentName = 'kafka' | 'keycloak' | 'registry' | 'mail' | 'postgres';

/** The components this module can start and stop; PostgreSQL is only ever checked, never started. */
export type ManagedComponentName = Exclude<ComponentName, 'postgres'>;

export type ComponentStatus = Readonly<{
  name: ComponentName;
  /** True only when the address actually answered a real protocol request just now. */
  running: boolean;
  /**
   * 'us' when a pid file we wrote points at a live process of ours; 'external' when the address
   * answers but is not our process (docker compose, an existing cluster, the system PostgreSQL);
   * null when nothing answers and no process of ours is alive.
   */
  startedBy: 'us' | 'external' | null;
  /** host:port for Kafka, the mail sink and PostgreSQL, the base URL for the registry and Keycloak. */
  address: string;
  pid: number | null;
  logPath: string | null;
  /** One human sentence when the situation needs explaining, e.g. "alive but not answering". */
  detail?: string;
}>;

export type StackStatus = Readonly<Record<ComponentName, ComponentStatus>>;

export type Progress = (line: string) => void;
