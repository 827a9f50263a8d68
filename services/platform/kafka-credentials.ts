import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { Config } from './config';
import { LiveRiskError } from './errors';

/**
 * Who a live-risk process is to Kafka. Every process logs in with SASL/SCRAM-SHA-512 as the
 * principal of its role, so the broker's ACLs (services/kafka-access) can give each exactly what it
 * needs. The administrator is the one super user: the operator's CLI, `stack`, `schemas register`
 * and the tests. Agencies are principals too, managed by `live-risk agency` (services/agencies).
 */
export const processRoles = ['admin', 'consumers', 'scheduler', 'portal', 'ingest'] as const;
export type ProcessRole = (typeof processRoles)[number];

/** Kafka user names; production uses the same names, with passwords from the operator's secret store. */
export const principalOf = (role: ProcessRole): string => `live-risk-${role}`;

/** The development password file of a role, in the state dir (`stack up` writes them, mode 0600). */
export const roleSecretFile = (config: Config, role: ProcessRole): string => join(config.kafkaSecurity.secretsDir, `${principalOf(role)}.password`);

/** 32 random bytes, URL-safe: no character needs escaping in a JAAS line, a properties file or a shell. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Writes a secret readable by its owner only; the directory too. Never overwrites (`wx`). */
export function writeSecretFile(file: string, secret: string): void {
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}

/** The role's development secret, created on first use. Returns it and whether it was new. */
export function ensureRoleSecret(config: Config, role: ProcessRole): { secret: string; created: boolean } {
  const file = roleSecretFile(config, role);
  if (existsSync(file)) return { secret: readSecretFile(file), created: false };
  const secret = newSecret();
  writeSecretFile(file, secret);
  return { secret, created: true };
}

export function readSecretFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read the Kafka password file ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'run `live-risk stack up` (it writes the development credentials), or set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE',
    });
  }
  const secret = text.trim();
  if (secret === '') throw new LiveRiskError('CONFIG_INVALID', `the Kafka password file ${file} is empty`, { hint: 'write the password into it, on one line' });
  return secret;
}

export type KafkaLogin = Readonly<{ username: string; password: string }>;

/** The configured credentials (KAFKA_SASL_USERNAME…) win; otherwise the role's development secret. */
export function kafkaLogin(config: Config, role: ProcessRole): KafkaLogin {
  const explicit = config.kafkaSecurity.credentials;
  if (explicit) return { username: explicit.username, password: readSecretFile(explicit.passwordFile) };
  return { username: principalOf(role), password: readSecretFile(roleSecretFile(config, role)) };
}

/** The kafkajs options that make a client authenticate (and use TLS) as configured. */
export function kafkaClientSecurity(config: Config, login: KafkaLogin | (() => KafkaLogin)): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { protocol, caFile } = config.kafkaSecurity;
  if (protocol === 'plaintext') return {};
  const { username, password } = typeof login === 'function' ? login() : login;
  const sasl: SASLOptions = { mechanism: 'scram-sha-512', username, password };
  if (protocol === 'sasl_plaintext') return { sasl };
  return { sasl, ssl: caFile ? { ca: [readFileSync(caFile, 'utf8')] } : true };
}
