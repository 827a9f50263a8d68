import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { isLoopback } from './addresses';
import type { DatabaseSession } from './postgres';
import type { ComponentStatus } from './types';

/**
 * The decisions of `live-risk stack reset`, as functions of what reset.ts found: when it refuses,
 * what it removes, and whether that was confirmed. Nothing here touches a process, file or server.
 */

/** Test and benchmark helpers name their scratch databases after the project database. */
export const scratchPrefixes = (projectDatabase: string): string[] => [`${projectDatabase}_test_`, `${projectDatabase}_bench_`];

/** Where a PostgreSQL URL connects: libpq lets `?host=` override the host part, and a path there is a Unix socket. */
export function postgresHostOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return url.searchParams.get('host') ?? url.hostname;
}

const onThisMachine = (host: string): boolean => host.startsWith('/') || isLoopback(host);

/**
 * A reset is for a development stack. A database on another machine is someone's shared or
 * production data, and there is deliberately no flag to reset it anyway: one typed from shell
 * history would be enough to lose it. Its administrator drops it, with a backup, by other means.
 */
export function refuseUnlessLocal(config: Pick<Config, 'databaseUrl' | 'registryDatabaseUrl'>): void {
  for (const [variable, url] of [['DATABASE_URL', config.databaseUrl], ['REGISTRY_DATABASE_URL', config.registryDatabaseUrl]] as const) {
    const host = postgresHostOf(url);
    if (!onThisMachine(host)) {
      throw new LiveRiskError('CONFIG_INVALID', `refusing to reset: ${variable} is on ${host || 'an unnamed host'}, not on this machine`, {
        hint: `stack reset only wipes a development stack on loopback (127.0.0.1, localhost, ::1 or a Unix socket); point ${variable} there, or ask whoever runs that server`,
      });
    }
  }
}

export type ResetFindings = Readonly<{
  stateDir: string;
  /** Kafka, the registry and (when local) the mail sink, as `stack status` sees them. */
  components: readonly ComponentStatus[];
  /** Kafka's data directory, when it exists. */
  kafkaData: string | null;
  /** The project's and the registry's databases that exist, and where (host:port). */
  databases: readonly string[];
  server: string;
  /** Sessions on those databases other than our own registry's (which stopping it ends). */
  sessions: readonly DatabaseSession[];
  /** Scratch databases of tests and benchmarks, and how many sessions each has. */
  scratch: ReadonlyArray<Readonly<{ name: string; sessions: number }>>;
}>;

export type ResetPlan = Readonly<{
  stop: ReadonlyArray<Readonly<{ name: string; pid: number | null }>>;
  removeDirectory: string | null;
  dropDatabases: readonly string[];
  dropScratch: readonly string[];
  /** Scratch databases left alone: in use, or not asked for (with the reason). */
  keepScratch: ReadonlyArray<Readonly<{ name: string; reason: string }>>;
  server: string;
}>;

export function planReset(findings: ResetFindings, options: Readonly<{ scratch: boolean }>): ResetPlan {
  for (const component of findings.components.filter((c) => c.name === 'kafka' || c.name === 'registry')) {
    // Data we cannot reach (a docker volume, another state dir) cannot be wiped: a reset of the
    // databases alone would rebuild the projections from that same Kafka, which is not a reset.
    if (component.running && component.startedBy === 'external') {
      throw new LiveRiskError('INPUT_INVALID', `refusing to reset: ${component.name} at ${component.address} is running but was not started by live-risk with LIVE_RISK_STATE_DIR=${findings.stateDir}`, {
        hint: 'with docker compose, `docker compose down -v` is the reset; otherwise stop it, or set LIVE_RISK_STATE_DIR to the state dir of the `stack up` that started it',
      });
    }
  }
  if (findings.sessions.length > 0) {
    // Any client sets its own application_name: no control character of it reaches the terminal.
    const who = findings.sessions.map((s) => `${s.database}: pid ${s.pid} ${s.application.replace(/\p{Cc}/gu, '?') || '(no application name)'} from ${s.client}`);
    throw new LiveRiskError('INPUT_INVALID', `refusing to reset: ${findings.sessions.length} session(s) still connected:\n  ${who.join('\n  ')}`, {
      hint: 'stop `live-risk run --follow`, `serve`, `scheduler` and any psql on those databases, then run the reset again',
    });
  }
  const idle = findings.scratch.filter((database) => database.sessions === 0);
  return {
    stop: findings.components.filter((c) => c.startedBy === 'us').map((c) => ({ name: c.name, pid: c.pid })),
    removeDirectory: findings.kafkaData,
    dropDatabases: findings.databases,
    dropScratch: options.scratch ? idle.map((database) => database.name) : [],
    keepScratch: findings.scratch
      .filter((database) => !options.scratch || database.sessions > 0)
      .map((database) => ({
        name: database.name,
        reason: database.sessions > 0 ? `${database.sessions} session(s) connected` : 'add --test-databases to drop it',
      })),
    server: findings.server,
  };
}

export const isEmptyPlan = (plan: ResetPlan): boolean =>
  plan.stop.length === 0 && plan.removeDirectory === null && plan.dropDatabases.length === 0 && plan.dropScratch.length === 0;

/** What the confirmation shows, one line each. */
export function describePlan(plan: ResetPlan): string[] {
  return [
    ...plan.stop.map((component) => `stop ${component.name}${component.pid ? ` (pid ${component.pid})` : ''}`),
    ...(plan.removeDirectory ? [`delete Kafka's data, every topic and event: ${plan.removeDirectory}`] : []),
    ...plan.dropDatabases.map((name) => `drop database ${name} on ${plan.server}`),
    ...plan.dropScratch.map((name) => `drop test database ${name} on ${plan.server} (nobody is connected)`),
  ];
}

/** The word to type at the terminal. */
export const confirmationWord = 'reset';

/**
 * Confirmed by `--yes`, or at a terminal by typing the word; with neither (a script, CI) it refuses
 * rather than guess, since nothing of this can be undone.
 */
export async function confirmReset(
  lines: readonly string[],
  how: Readonly<{ yes: boolean; interactive: boolean; ask: (question: string) => Promise<string> }>,
): Promise<boolean> {
  if (how.yes) return true;
  if (!how.interactive) {
    throw new LiveRiskError('INPUT_INVALID', `refusing to reset without a confirmation; it would:\n  ${lines.join('\n  ')}`, {
      hint: 'not on a terminal, so nobody can type the confirmation: add --yes if you mean it',
    });
  }
  const answer = await how.ask(`This cannot be undone. live-risk stack reset will:\n  ${lines.join('\n  ')}\nType ${confirmationWord} to go ahead, anything else to keep everything: `);
  return answer.trim() === confirmationWord;
}
