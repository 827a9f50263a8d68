import type { Config } from '../platform/config';
import { connectKeycloakAdmin, keycloakUnavailable } from '../platform/keycloak-admin';
import { applyRealm, clientSecret, findClient } from '../platform/keycloak-clients';
import { liveRiskRealm } from '../platform/keycloak-realm';
import { writeDevClientSecret } from './keycloak-secrets';
import type { Progress } from './types';

/**
 * Applies the live-risk realm (roles, groups, our own clients) on every `stack up`, then writes the
 * secrets of our own clients into the state dir (mode 0600) so that processes and administrators'
 * commands on this machine work with no configuration.
 */
export async function applyLiveRiskRealm(config: Config, progress: Progress): Promise<void> {
  try {
    const admin = await connectKeycloakAdmin(config);
    await applyRealm(admin, liveRiskRealm, config.portalUrl);
    for (const client of [...liveRiskRealm.serviceClients, ...liveRiskRealm.browserClients]) {
      const id = await findClient(admin, liveRiskRealm.name, client.clientId);
      if (id !== undefined) writeDevClientSecret(config, client.clientId, await clientSecret(admin, liveRiskRealm.name, id));
    }
    progress(`Keycloak realm ${liveRiskRealm.name} applied: ${liveRiskRealm.serviceClients.length + liveRiskRealm.browserClients.length} clients, secrets in ${config.stateDir}/registry-clients`);
  } catch (error) {
    throw keycloakUnavailable(config, error);
  }
}
