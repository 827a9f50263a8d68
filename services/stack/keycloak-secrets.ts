import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { registryClientSecretFile, type Config } from '../platform/config';

/**
 * The development secrets `stack up` keeps in the state dir, each in its own file with mode 0600:
 * Keycloak's bootstrap administrator client (made up here before Keycloak's first start) and the
 * secrets of the realm's own clients (read back from Keycloak), which processes read through
 * REGISTRY_CLIENT_SECRET_FILE or its default. Agencies' secrets are never written anywhere.
 */
export function writeSecretFile(file: string, secret: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (existsSync(file) && readFileSync(file, 'utf8').trim() === secret) return;
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already existed.
  chmodSync(file, 0o600);
}

export function ensureAdminSecret(config: Config): string {
  const file = config.keycloak.adminSecretFile;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeSecretFile(file, secret);
  return secret;
}

export function writeDevClientSecret(config: Config, clientId: string, secret: string): void {
  writeSecretFile(registryClientSecretFile(config.stateDir, clientId), secret);
}
