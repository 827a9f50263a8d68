import { join } from 'node:path';
import type { Config } from '../platform/config';
import { mailDirectory } from './mail-sink/store';

/**
 * Every file the stack reads or writes, in one place so `up`, `down` and `status` always agree.
 * Downloads live in the cache dir (safe to delete, re-fetched on demand); data, logs and pid files
 * live in the state dir (deleting it loses the event history). Neither is inside the repository.
 */
export type StackPaths = ReturnType<typeof stackPaths>;

export function stackPaths(config: Config) {
  const state = config.stateDir;
  const kafkaHome = join(config.cacheDir, `kafka-${config.kafkaVersion}`);
  const registryHome = join(config.cacheDir, `apicurio-${config.apicurioVersion}`);
  const keycloakHome = join(config.cacheDir, `keycloak-${config.keycloak.version}`);
  return {
    stateDir: state,
    kafka: {
      home: kafkaHome,
      pom: join(kafkaHome, 'pom.xml'),
      libs: join(kafkaHome, 'libs'),
      /** Written last by the fetch, so an interrupted download is redone rather than trusted. */
      complete: join(kafkaHome, '.complete'),
      configDir: join(state, 'kafka'),
      dataDir: join(state, 'kafka', 'data'),
      serverProperties: join(state, 'kafka', 'server.properties'),
      log4jProperties: join(state, 'kafka', 'log4j.properties'),
      /** The password of the broker's PLAIN recovery login (kafka-security.ts), new on every start. */
      recoverySecret: join(state, 'kafka', 'recovery-login.password'),
      log: join(state, 'kafka.log'),
      pid: join(state, 'kafka.pid'),
    },
    registry: {
      home: registryHome,
      download: join(registryHome, 'download'),
      dist: join(registryHome, 'dist'),
      complete: join(registryHome, '.complete'),
      log: join(state, 'registry.log'),
      pid: join(state, 'registry.pid'),
    },
    keycloak: {
      home: keycloakHome,
      download: join(keycloakHome, 'download'),
      /** The unpacked zip: bin/kc.sh, lib/, conf/ (the zip's top folder is keycloak-<version>). */
      dist: join(keycloakHome, `keycloak-${config.keycloak.version}`),
      complete: join(keycloakHome, '.complete'),
      /** The build options the distribution was last built with (kc.sh build writes into lib/). */
      built: join(keycloakHome, '.built'),
      log: join(state, 'keycloak.log'),
      pid: join(state, 'keycloak.pid'),
    },
    mail: {
      /** One .eml file per message the development mail sink received. */
      dir: mailDirectory(state),
      log: join(state, 'mail.log'),
      pid: join(state, 'mail.pid'),
    },
  } as const;
}
