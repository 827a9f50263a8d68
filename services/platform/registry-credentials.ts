import { existsSync, readFileSync } from 'node:fs';
import { registryClientSecretFile, type Config } from './config';
import { LiveRiskError, describeError } from './errors';
import type { ProcessRole } from './kafka-credentials';
import { adminClientId, readerClientIds } from './keycloak-realm';

/**
 * Who a registry client authenticates as. A process that only reads (every long-running one) and
 * an administrator's command (`schemas register`, `stack up`, the demo, tests) differ only in the
 * development default; with REGISTRY_CLIENT_ID set, both are that client.
 *
 * The credentials go to Apicurio as HTTP Basic (client id and secret), which Apicurio exchanges
 * for a token at Keycloak (apicurio.authn.basic-client-credentials): the form Confluent's clients
 * (`basic.auth.user.info`) and kcat already speak.
 */
export type RegistryRole = 'reader' | 'admin';

export type RegistryCredentials = Readonly<{ clientId: string; clientSecret: string }>;

/** undefined: no credentials to send (a registry without authentication, as in docker compose). */
export function registryCredentials(config: Config, role: RegistryRole, process: ProcessRole = 'admin'): RegistryCredentials | undefined {
  if (config.registryClient !== undefined) {
    const { clientId, secretFile } = config.registryClient;
    return { clientId, clientSecret: readSecret(secretFile, clientId) };
  }
  const clientId = role === 'admin' ? adminClientId : readerClientIds[process];
  const file = registryClientSecretFile(config.stateDir, clientId);
  return existsSync(file) ? { clientId, clientSecret: readSecret(file, clientId) } : undefined;
}

function readSecret(file: string, clientId: string): string {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret !== '') return secret;
    throw new Error('the file is empty');
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read the secret of registry client ${clientId} from ${file}: ${describeError(error)}`, {
      cause: error,
      hint: 'set REGISTRY_CLIENT_SECRET_FILE to the file holding that client\'s secret (in development, `live-risk stack up` writes it)',
    });
  }
}

/** The Authorization header value for plain HTTP calls (probes, tests, curl examples). */
export const basicAuthorization = ({ clientId, clientSecret }: RegistryCredentials): string =>
  `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
