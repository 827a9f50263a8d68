import { randomBytes } from 'node:crypto';
import type { Config } from '../platform/config';
import { formatHostPort, isLoopback, kafkaAddress, keycloakAddress, registryAddress } from './addresses';
import { ensureApicurioDistribution, ensureKafkaDistribution } from './fetch';
import { prepareKafka, startKafka } from './kafka';
import { mailComponent } from './mail-sink/component';
import { stackPaths } from './paths';
import { processMarker } from './processes';
import { probeKafka, probeKeycloak, probeRegistry, probeTcp } from './readiness';
import { basicAuthorization, registryCredentials } from '../platform/registry-credentials';
import { ensureKeycloakDistribution, startKeycloak } from './keycloak';
import { startRegistry } from './registry';
import { kafkaClientSecurity, kafkaLogin } from '../platform/kafka-credentials';
import type { ManagedComponentName, Progress } from './types';

/**
 * Kafka and the registry described the same way, so lifecycle.ts can bring either up or down
 * without knowing which one it holds.
 */
export type ManagedComponent = Readonly<{
  name: ManagedComponentName;
  label: string;
  /** What `status` shows: host:port for Kafka, the API base URL for the registry. */
  address: string;
  port: number;
  /** Only addresses on this machine can be started by us; others are always external. */
  local: boolean;
  pidFile: string;
  logFile: string;
  marker: readonly string[];
  /** A real protocol request, not just an open port. */
  probe: () => Promise<boolean>;
  /** Something accepts TCP on the port: used to explain a port held by another program. */
  portTaken: () => Promise<boolean>;
  fetch: (progress: Progress) => Promise<void>;
  /** Prepares config and storage, spawns the process, returns its pid (readiness is awaited later). */
  start: () => Promise<number>;
  startTimeoutMs: number;
  stopGraceMs: number;
}>;

export function kafkaComponent(config: Config): ManagedComponent {
  const paths = stackPaths(config).kafka;
  const address = kafkaAddress(config);
  return {
    name: 'kafka',
    label: 'Apache Kafka',
    address: formatHostPort(address),
    port: address.port,
    local: isLoopback(address.host),
    pidFile: paths.pid,
    logFile: paths.log,
    marker: processMarker('kafka', config.stateDir),
    // As the administrator; without a password of ours (another state dir's broker, a council's), a
    // throw-away login is enough to learn that a Kafka answers, since it refuses it.
    probe: () => {
      let login;
      try {
        login = kafkaLogin(config, 'admin');
      } catch {
        login = { username: 'live-risk-probe', password: randomBytes(16).toString('hex') };
      }
      return probeKafka(config.kafkaBrokers, kafkaClientSecurity(config, login));
    },
    portTaken: () => probeTcp(address),
    fetch: (progress) => ensureKafkaDistribution(config.kafkaVersion, paths, progress),
    start: async () => {
      await prepareKafka(config, paths);
      return startKafka(config, paths);
    },
    // Usually ~5 s; generous because a start after an unclean stop first recovers its logs.
    startTimeoutMs: 120_000,
    // Controlled shutdown flushes and closes every segment; killing it forces recovery next time.
    stopGraceMs: 30_000,
  };
}

export function registryComponent(config: Config): ManagedComponent {
  const paths = stackPaths(config).registry;
  const address = registryAddress(config);
  return {
    name: 'registry',
    label: 'Apicurio Registry',
    address: config.schemaRegistryUrl,
    port: address.port,
    local: isLoopback(address.host),
    pidFile: paths.pid,
    logFile: paths.log,
    marker: processMarker('registry', config.stateDir),
    probe: () => probeRegistry(config.schemaRegistryUrl, readerAuthorization(config)),
    portTaken: () => probeTcp(address),
    fetch: (progress) => ensureApicurioDistribution(config.apicurioVersion, paths, progress),
    start: () => startRegistry(config, paths),
    // Quarkus cold start on two busy cores, plus creating its tables on the first run: 20–60 s.
    startTimeoutMs: 180_000,
    stopGraceMs: 20_000,
  };
}

/** Read when probing, not before: `stack up` writes the development secrets while the registry starts. */
function readerAuthorization(config: Config): string | undefined {
  try {
    const credentials = registryCredentials(config, 'reader');
    return credentials === undefined ? undefined : basicAuthorization(credentials);
  } catch {
    return undefined;
  }
}

export function keycloakComponent(config: Config): ManagedComponent {
  const paths = stackPaths(config).keycloak;
  const address = keycloakAddress(config);
  return {
    name: 'keycloak',
    label: 'Keycloak',
    address: config.keycloak.url,
    port: address.port,
    local: isLoopback(address.host),
    pidFile: paths.pid,
    logFile: paths.log,
    marker: processMarker('keycloak', config.stateDir),
    probe: () => probeKeycloak(config.keycloak.url),
    portTaken: () => probeTcp(address),
    // Includes `kc.sh build` on the first run, so `up` reports that minute before starting anything.
    fetch: (progress) => ensureKeycloakDistribution(config, paths, progress),
    start: () => startKeycloak(config, paths),
    // Measured 25–60 s on two busy cores (creating its tables on the first start is the slow part).
    startTimeoutMs: 240_000,
    stopGraceMs: 20_000,
  };
}

/** What `up`, `down` and `reset` act on, in start order; `names` restricts it (tests restart only the registry). */
export function managedComponents(config: Config, names?: readonly ManagedComponentName[]): ManagedComponent[] {
  // A mail server elsewhere (SMTP_URL not on loopback) is a real relay: never ours to start or stop.
  const mail = mailComponent(config);
  const all = [kafkaComponent(config), keycloakComponent(config), registryComponent(config), ...(mail.local ? [mail] : [])];
  return names ? all.filter((component) => names.includes(component.name)) : all;
}
