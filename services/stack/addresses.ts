import { isLoopbackHost, type Config } from '../platform/config';

/**
 * Turns the configured URLs into the host/port pairs the stack listens on, so every file agrees on
 * where Kafka, its controller and the registry live.
 */
export type HostPort = Readonly<{ host: string; port: number }>;

/** We only ever start processes for addresses on this machine; anything else must be external. */
export const isLoopback = isLoopbackHost;

export function kafkaAddress(config: Config): HostPort {
  const first = config.kafkaBrokers[0] ?? '127.0.0.1:9092';
  const separator = first.lastIndexOf(':');
  return { host: first.slice(0, separator), port: Number(first.slice(separator + 1)) };
}

/** KRaft needs a second listener for the controller quorum; by convention the broker port + 1. */
export function kafkaControllerAddress(config: Config): HostPort {
  const broker = kafkaAddress(config);
  return { host: broker.host, port: broker.port + 1 };
}

export function registryAddress(config: Config): HostPort {
  const url = new URL(config.schemaRegistryUrl);
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port };
}

export function keycloakAddress(config: Config): HostPort {
  const url = new URL(config.keycloak.url);
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port };
}

export function postgresAddress(databaseUrl: string): HostPort {
  const url = new URL(databaseUrl);
  return { host: url.hostname, port: url.port !== '' ? Number(url.port) : 5432 };
}

export const formatHostPort = ({ host, port }: HostPort): string => `${host}:${port}`;
