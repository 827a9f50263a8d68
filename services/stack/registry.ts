import type { Config } from '../platform/config';
import { registryAddress } from './addresses';
import { apicurioLauncher } from './fetch';
import type { StackPaths } from './paths';
import { realmName } from '../platform/keycloak-realm';
import { jdbcConnection } from './postgres';
import { processMarker, spawnDetached } from './processes';

/**
 * Apicurio Registry 3 (a Quarkus application) serving the Confluent-compatible API that our
 * clients use. Storage is PostgreSQL, not the in-memory default, so schema ids survive restarts:
 * events already in Kafka carry those ids and must stay decodable forever.
 *
 * Property names below come from the application.properties inside apicurio-registry-app 3.0.9;
 * Quarkus maps each `a.b-c` property to the environment variable `A_B_C`.
 */
export function registryEnvironment(config: Config): NodeJS.ProcessEnv {
  const { host, port } = registryAddress(config);
  const database = jdbcConnection(config.registryDatabaseUrl);
  return {
    ...process.env,
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: database.url,
    APICURIO_DATASOURCE_USERNAME: database.username,
    // An empty value would fall back to the built-in default ("sa"); harmless with trust auth.
    APICURIO_DATASOURCE_PASSWORD: database.password,
    // The default pool opens 20 connections up front; a development machine needs a handful.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '20',
    ...authenticationEnvironment(config),
    QUARKUS_HTTP_HOST: host,
    QUARKUS_HTTP_PORT: String(port),
    // One line per HTTP request would drown the start-up messages people need when it fails.
    QUARKUS_HTTP_ACCESS_LOG_ENABLED: 'false',
    // The built-in pattern uses YYYY-MMx-dd, which prints dates like "2026-11+00-21".
    QUARKUS_LOG_CONSOLE_FORMAT: '%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n',
  };
}

/**
 * Authentication against the live-risk realm of our Keycloak, and Apicurio's role-based
 * authorisation on the roles in the token (sr-admin, sr-developer, sr-readonly; see
 * services/platform/keycloak-realm.ts):
 *
 * - a bearer token from Keycloak, or HTTP Basic with a client id and secret, which Apicurio
 *   exchanges for a token at the realm's token endpoint and caches until it expires (how
 *   Confluent clients and kcat authenticate: `basic.auth.user.info=<client id>:<secret>`);
 * - no anonymous reads: the schemas describe what each agency shares about children and families,
 *   a contract between the signatories, not a public document; every agency gets a read-only client;
 * - writes (register, compatibility, delete) need sr-admin (or sr-developer for a new version).
 */
function authenticationEnvironment(config: Config): NodeJS.ProcessEnv {
  const realm = `${config.keycloak.url}/realms/${realmName}`;
  return {
    QUARKUS_OIDC_TENANT_ENABLED: 'true',
    QUARKUS_OIDC_AUTH_SERVER_URL: realm,
    QUARKUS_OIDC_TOKEN_PATH: `${realm}/protocol/openid-connect/token`,
    QUARKUS_OIDC_CLIENT_ID: 'live-risk-registry',
    APICURIO_AUTHN_BASIC_CLIENT_CREDENTIALS_ENABLED: 'true',
    APICURIO_AUTH_ROLE_BASED_AUTHORIZATION: 'true',
    APICURIO_AUTH_ROLE_SOURCE: 'token',
    APICURIO_AUTH_ANONYMOUS_READ_ACCESS_ENABLED: 'false',
    APICURIO_AUTH_AUTHENTICATED_READ_ACCESS_ENABLED: 'false',
  };
}

export async function startRegistry(config: Config, paths: StackPaths['registry']): Promise<number> {
  const launcher = apicurioLauncher(paths);
  return spawnDetached({
    command: 'java',
    args: [
      ...processMarker('registry', config.stateDir),
      '-Xms128m',
      '-Xmx512m',
      '-XX:+UseSerialGC',
      '-Djava.awt.headless=true',
      '-jar',
      launcher.jar,
    ],
    cwd: launcher.cwd,
    env: registryEnvironment(config),
    logFile: paths.log,
  });
}
