import { readFileSync } from 'node:fs';
import type { Config } from './config';
import { LiveRiskError, describeError } from './errors';

/**
 * A thin adapter over Keycloak's admin REST API (https://www.keycloak.org/docs-api/latest/rest-api/),
 * authenticated as a master-realm client with the client-credentials grant:
 *
 *   POST /realms/master/protocol/openid-connect/token   grant_type=client_credentials
 *   GET|POST|PUT|DELETE /admin/realms/{realm}/...        Authorization: Bearer <access_token>
 *
 * Only the calls live-risk needs; every failure becomes a LiveRiskError that names the request.
 */
export type KeycloakAdmin = Readonly<{
  url: string;
  request: <T = unknown>(method: string, path: string, body?: unknown) => Promise<KeycloakResponse<T>>;
}>;

export type KeycloakResponse<T> = Readonly<{ status: number; body: T | undefined; location: string | null }>;

export function keycloakUnavailable(config: Config, cause: unknown): LiveRiskError {
  if (cause instanceof LiveRiskError) return cause;
  return new LiveRiskError('REGISTRY_UNAVAILABLE', `cannot use Keycloak at ${config.keycloak.url}: ${describeError(cause)}`, {
    retriable: true,
    cause,
    hint: 'run `live-risk stack up`, or set KEYCLOAK_URL to the council\'s Keycloak',
  });
}

function readSecret(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read the Keycloak administrator's secret from ${file}: ${describeError(error)}`, {
      cause: error,
      hint: 'run `live-risk stack up` (it writes the development secret there), or set KEYCLOAK_ADMIN_CLIENT_ID and KEYCLOAK_ADMIN_SECRET_FILE',
    });
  }
}

/** Signs in once; the token (Keycloak's default lifetime is 60 s) is fetched again when a call gets 401. */
export async function connectKeycloakAdmin(config: Config): Promise<KeycloakAdmin> {
  const { url, adminClientId, adminSecretFile } = config.keycloak;
  const secret = readSecret(adminSecretFile);
  const signIn = async (): Promise<string> => {
    const response = await fetchKeycloak(config, `${url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: adminClientId, client_secret: secret }),
    });
    if (response.status === 401 || response.status === 400) {
      throw new LiveRiskError('CONFIG_INVALID', `Keycloak at ${url} refused the administrator client ${adminClientId} (HTTP ${response.status})`, {
        hint: `check KEYCLOAK_ADMIN_CLIENT_ID and the secret in ${adminSecretFile}`,
      });
    }
    if (!response.ok) throw keycloakUnavailable(config, new Error(`token request answered HTTP ${response.status}`));
    return ((await response.json()) as { access_token: string }).access_token;
  };
  let token = await signIn();
  const request = async <T>(method: string, path: string, body?: unknown): Promise<KeycloakResponse<T>> => {
    const send = () =>
      fetchKeycloak(config, `${url}/admin/realms${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    let response = await send();
    if (response.status === 401) {
      token = await signIn();
      response = await send();
    }
    if (response.status >= 400 && response.status !== 404 && response.status !== 409) {
      const text = await response.text();
      throw new LiveRiskError(response.status >= 500 ? 'REGISTRY_UNAVAILABLE' : 'CONFIG_INVALID', `Keycloak ${method} ${path} answered HTTP ${response.status}: ${text.slice(0, 300)}`, {
        retriable: response.status >= 500,
        hint: response.status === 403 ? `give ${adminClientId} the realm administration roles in Keycloak's master realm` : 'see Keycloak\'s log',
      });
    }
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as T), location: response.headers.get('location') };
  };
  return { url, request };
}

async function fetchKeycloak(config: Config, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw keycloakUnavailable(config, error);
  }
}
