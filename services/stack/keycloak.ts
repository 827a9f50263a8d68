import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { keycloakAddress } from './addresses';
import { findJava, type JavaRuntime } from './java';
import { coordinatesString, dependencyPlugin, downloadFromCentral, runMaven } from './maven';
import type { StackPaths } from './paths';
import { jdbcConnection } from './postgres';
import { processMarker, runToCompletion, spawnDetached } from './processes';
import { ensureAdminSecret } from './keycloak-secrets';
import type { Progress } from './types';

/**
 * Keycloak (a Quarkus application) as the identity provider of the schema registry, started from
 * the keycloak-quarkus-dist zip on Maven Central like Kafka and Apicurio. Storage is its own
 * PostgreSQL database, so clients and their secrets survive restarts.
 *
 * Keycloak's options are build-time (baked into lib/ by `kc.sh build`, slow: ~40 s of Quarkus
 * augmentation on two cores) or run-time (read at every start). We build once, with the options
 * below, and start with --optimized; a changed option list builds again.
 */
const buildOptions = [
  '--db=postgres',
  // One node: no clustering, so no JGroups listener on a non-loopback address.
  '--cache=local',
];

/** OpenJDK majors Keycloak 26 supports (https://www.keycloak.org/server/supported-configurations). */
const supportedJava = [17, 21, 25];

const keycloakCoordinates = (version: string) => ({
  groupId: 'org.keycloak',
  artifactId: 'keycloak-quarkus-dist',
  version,
  extension: 'zip',
});

export async function ensureKeycloakDistribution(config: Config, paths: StackPaths['keycloak'], progress: Progress): Promise<void> {
  if (!existsSync(paths.complete)) {
    const { version } = config.keycloak;
    progress(`fetching Keycloak ${version} from Maven Central (first run only, ~160 MB)…`);
    rmSync(paths.home, { recursive: true, force: true });
    mkdirSync(paths.download, { recursive: true });
    const coordinates = keycloakCoordinates(version);
    const zip = join(paths.download, `keycloak-quarkus-dist-${version}.zip`);
    try {
      await runMaven([`${dependencyPlugin}:copy`, `-Dartifact=${coordinatesString(coordinates)}`, `-DoutputDirectory=${paths.download}`], paths.home);
    } catch {
      progress('Maven could not resolve it; downloading it directly instead');
      await downloadFromCentral(coordinates, zip);
    }
    const unpacked = await runToCompletion('unzip', ['-q', '-o', zip, '-d', paths.home]);
    if (unpacked.code !== 0 || !existsSync(join(paths.dist, 'bin', 'kc.sh'))) {
      throw new LiveRiskError('STACK_FETCH_FAILED', `could not unpack ${zip}:\n${unpacked.output}`, {
        hint: `install unzip if it is missing; otherwise delete ${paths.home} and run the command again`,
      });
    }
    rmSync(paths.download, { recursive: true, force: true });
    writeFileSync(paths.complete, `${new Date().toISOString()}\n`);
  }
  await buildKeycloak(paths, progress);
}

/** `kc.sh build` once per set of build options; the slow half of Keycloak's first start. */
async function buildKeycloak(paths: StackPaths['keycloak'], progress: Progress): Promise<void> {
  const wanted = buildOptions.join(' ');
  if (existsSync(paths.built) && readFileSync(paths.built, 'utf8').trim() === wanted) return;
  const java = await keycloakJava();
  progress(`building Keycloak for PostgreSQL with Java ${java.major} (first run only, about a minute on two cores)…`);
  const started = Date.now();
  const result = await runToCompletion(join(paths.dist, 'bin', 'kc.sh'), ['build', ...buildOptions], {
    env: { ...process.env, JAVA: java.executable },
    timeoutMs: 15 * 60_000,
  });
  if (result.code !== 0) {
    throw new LiveRiskError('STACK_START_FAILED', `kc.sh build failed:\n${result.output.split('\n').slice(-20).join('\n')}`, {
      hint: `delete ${paths.home} and run \`live-risk stack up\` again`,
    });
  }
  writeFileSync(paths.built, `${wanted}\n`);
  progress(`Keycloak built in ${((Date.now() - started) / 1000).toFixed(0)} s; its first start creates its tables, about another minute`);
}

let cachedJava: Promise<JavaRuntime> | undefined;
const keycloakJava = (): Promise<JavaRuntime> => (cachedJava ??= findJava('Keycloak 26', supportedJava));

/**
 * Run-time options as KC_* variables (Keycloak maps `--http-port` to KC_HTTP_PORT). HTTP, not
 * HTTPS, and only on loopback: like the registry, it is meant to sit behind the council's
 * TLS-terminating proxy when reached from elsewhere.
 */
export function keycloakEnvironment(config: Config, adminSecret: string, java: JavaRuntime): NodeJS.ProcessEnv {
  const { host, port } = keycloakAddress(config);
  const database = jdbcConnection(config.keycloak.databaseUrl);
  return {
    ...process.env,
    JAVA: java.executable,
    JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx512m',
    KC_DB_URL: database.url,
    KC_DB_USERNAME: database.username,
    // Keycloak refuses an empty password; with trust authentication any value is ignored.
    KC_DB_PASSWORD: database.password === '' ? 'unused' : database.password,
    KC_DB_POOL_INITIAL_SIZE: '1',
    KC_DB_POOL_MIN_SIZE: '1',
    KC_DB_POOL_MAX_SIZE: '10',
    // Also at run time: Keycloak 26.5 reads it at start too, and without it joins a JGroups cluster
    // listening on every interface (ports 7800 and 57800), which a single node has no use for.
    KC_CACHE: 'local',
    KC_HTTP_ENABLED: 'true',
    KC_HTTP_HOST: host,
    KC_HTTP_PORT: String(port),
    KC_HOSTNAME: config.keycloak.url,
    // Created on the very first start only (an empty master realm); later starts ignore them.
    KC_BOOTSTRAP_ADMIN_CLIENT_ID: config.keycloak.adminClientId,
    KC_BOOTSTRAP_ADMIN_CLIENT_SECRET: adminSecret,
  };
}

export async function startKeycloak(config: Config, paths: StackPaths['keycloak']): Promise<number> {
  const java = await keycloakJava();
  const adminSecret = ensureAdminSecret(config);
  return spawnDetached({
    // kc.sh stays as the parent of the JVM and forwards SIGTERM to it; our -D markers reach both.
    command: join(paths.dist, 'bin', 'kc.sh'),
    args: [...processMarker('keycloak', config.stateDir), 'start', '--optimized'],
    cwd: paths.dist,
    env: keycloakEnvironment(config, adminSecret, java),
    logFile: paths.log,
  });
}

