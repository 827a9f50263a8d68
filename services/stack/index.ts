import { mkdirSync } from 'node:fs';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { formatHostPort, postgresAddress } from './addresses';
import { topicNames } from '../contracts';
import { registerAsAdministrator } from '../platform/registry';
import { kafkaComponent, keycloakComponent, managedComponents, registryComponent, type ManagedComponent } from './components';
import { adoptKeycloakDatabase } from './keycloak-database';
import { applyLiveRiskRealm } from './keycloak-apply';
import { bringDown, bringUp, inspect } from './lifecycle';
import { withStackLock } from './lock';
import { mailComponent } from './mail-sink/component';
import { ensureDatabase, probePostgres, requirePostgres } from './postgres';
import { applyProcessAccess } from '../kafka-access/apply';
import { realignProcessCredentials } from './kafka-recovery';
import type { ComponentStatus, ManagedComponentName, Progress, StackStatus } from './types';

/**
 * The local stack manager: real Apache Kafka, Keycloak and Apicurio Registry as detached JVMs on loopback,
 * fetched from Maven Central on first use, a development mail sink (a small Node SMTP server that
 * keeps messages as files), plus checks on the PostgreSQL we rely on but never start.
 * Every operation is idempotent and safe to run while a docker compose stack serves the same ports.
 */
export type { ComponentName, ComponentStatus, ManagedComponentName, Progress, StackStatus } from './types';

export type StackOptions = Readonly<{
  /** Restrict up/down to these components (tests restart only the registry); default all. */
  components?: readonly ManagedComponentName[];
}>;

async function mailStatus(config: Config): Promise<ComponentStatus> {
  const component = mailComponent(config);
  const status = await inspect(component);
  if (component.local) return status;
  return {
    ...status,
    startedBy: status.running ? 'external' : null,
    pid: null,
    logPath: null,
    detail: 'SMTP_URL points at a mail server live-risk does not manage',
  };
}

async function postgresStatus(config: Config): Promise<ComponentStatus> {
  const running = await probePostgres(config.databaseUrl);
  return {
    name: 'postgres',
    running,
    // We never start PostgreSQL, so when it answers it is by definition someone else's.
    startedBy: running ? 'external' : null,
    address: formatHostPort(postgresAddress(config.databaseUrl)),
    pid: null,
    logPath: null,
  };
}

export async function stackStatus(config: Config): Promise<StackStatus> {
  const [kafka, keycloak, registry, mail, postgres] = await Promise.all([
    inspect(kafkaComponent(config)),
    inspect(keycloakComponent(config)),
    inspect(registryComponent(config)),
    mailStatus(config),
    postgresStatus(config),
  ]);
  return { kafka, keycloak, registry, mail, postgres };
}

export async function stackUp(config: Config, progress: Progress, options: StackOptions = {}): Promise<StackStatus> {
  mkdirSync(config.stateDir, { recursive: true });
  // The registry keeps its schemas in PostgreSQL, so nothing useful can start without it.
  await requirePostgres(config.databaseUrl);
  await requirePostgres(config.registryDatabaseUrl);
  await ensureDatabase(config.registryDatabaseUrl, progress);
  await ensureDatabase(config.databaseUrl, progress);
  await requirePostgres(config.keycloak.databaseUrl);
  const components = managedComponents(config, options.components);
  const keycloakToStart = components.find((component) => component.name === 'keycloak');
  if (keycloakToStart) await adoptKeycloakDatabase(config, keycloakToStart, progress);
  await ensureDatabase(config.keycloak.databaseUrl, progress);

  await withStackLock(config.stateDir, progress, async () => {
    // Fetch one at a time (two Maven runs sharing ~/.m2 can trip over each other), and only what
    // is not already answering, so `up` on a running or docker compose stack downloads nothing.
    for (const component of components) {
      const status = await inspect(component);
      if (!status.running && status.startedBy === null && component.local) await component.fetch(progress);
    }
    // Then start together, except that the registry asks Keycloak for the realm's keys as it starts:
    // it waits for Keycloak and the realm, while Kafka boots alongside.
    const keycloak = components.find((component) => component.name === 'keycloak');
    const realmReady = keycloak ? bringUp(keycloak, progress).then(() => applyLiveRiskRealm(config, progress)) : Promise.resolve();
    const start = (component: ManagedComponent) =>
      component.name === 'keycloak' ? realmReady : component.name === 'registry' ? realmReady.then(() => bringUp(component, progress)) : bringUp(component, progress);
    const results = await Promise.allSettled(components.map(start));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    // Kafka requires authentication: the processes' own credentials (bootstrapped when the storage
    // was formatted, set again where the broker no longer accepts the password files; a role added
    // since gets one now) and their ACLs for this topic prefix.
    const kafka = results[components.findIndex((component) => component.name === 'kafka')];
    if (kafka?.status === 'fulfilled' && kafka.value && kafka.value.startedBy === 'us') {
      await realignProcessCredentials(config, progress)
        .then(() => applyProcessAccess(config, { secretsDir: config.kafkaSecurity.secretsDir, setExisting: false }, progress))
        .catch((error: unknown) => {
          throw ownKafkaRefusedUs(config, error);
        });
    }
  });
  if (components.some((component) => component.name === 'registry')) {
    // `stack up` acts as an administrator: the only place, with `schemas register`, that registers.
    await registerAsAdministrator(config, topicNames(config.topicPrefix));
    progress(`registered the contracts of every topic at ${config.schemaRegistryUrl} as an administrator`);
  }
  return stackStatus(config);
}

export async function stackDown(config: Config, progress: Progress, options: StackOptions = {}): Promise<void> {
  mkdirSync(config.stateDir, { recursive: true });
  // Registry first: it is the client-facing half, and stopping it first mirrors the start order in reverse.
  await withStackLock(config.stateDir, progress, async () => {
    for (const component of managedComponents(config, options.components).reverse()) await bringDown(component, progress);
  });
}

/** For commands that need the stack: fail fast with the command that fixes it. */
export async function assertStackRunning(config: Config): Promise<StackStatus> {
  const status = await stackStatus(config);
  if (!status.postgres.running) {
    await requirePostgres(config.databaseUrl); // throws DATABASE_UNAVAILABLE with its hint
  }
  const down = (['kafka', 'registry'] as const).filter((name) => !status[name].running);
  if (down.length > 0) {
    throw new LiveRiskError(
      'STACK_NOT_RUNNING',
      `not running: ${down.map((name) => `${name} (${status[name].address})`).join(', ')}`,
      { retriable: true, hint: 'run `live-risk stack up` (or `docker compose up -d`) first' },
    );
  }
  return status;
}

export { stackReset, type ResetOptions, type ResetReport } from './reset';

/**
 * Our own broker refusing the administrator even after the password files were set again through
 * its recovery login: it was started by a live-risk without that login (or the login's file is not
 * the running broker's). Say that, and the ways out, instead of the generic advice to check
 * KAFKA_SASL_USERNAME.
 */
function ownKafkaRefusedUs(config: Config, error: unknown): unknown {
  if (!(error instanceof LiveRiskError) || error.code !== 'KAFKA_NOT_AUTHORIZED') return error;
  return new LiveRiskError('KAFKA_NOT_AUTHORIZED', `the stack's own Kafka (data in ${config.stateDir}) refused the logins in its password files, and could not be given them again: ${error.message}`, {
    cause: error,
    hint: 'restart it, so it starts with the recovery login that sets them again (README, "Starting a development machine over"): `live-risk stack down`, then `live-risk stack up`; only if that fails, `live-risk stack reset --yes` (this deletes the development Kafka data)',
  });
}
