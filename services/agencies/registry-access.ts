import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { connectKeycloakAdmin, keycloakUnavailable } from '../platform/keycloak-admin';
import { deleteClient, ensureServiceClient, regenerateClientSecret } from '../platform/keycloak-clients';
import { agencyClient, agencyClientId, realmName } from '../platform/keycloak-realm';

/**
 * An agency's read-only access to the schema registry: a Keycloak client `agency-<name>` whose
 * token carries only sr-readonly, so Apicurio lets it fetch schemas and refuses every change.
 * The agency authenticates with its client id and secret (HTTP Basic on the Confluent-compatible
 * API, which Apicurio exchanges for a token, or a token from Keycloak itself).
 *
 * The secret is returned once for the caller to show; Keycloak keeps it, we never write it down.
 */
export type RegistryCredentials = Readonly<{ clientId: string; clientSecret: string }>;

const agencyName = /^[a-z0-9][a-z0-9-]{0,62}$/;

function checkName(name: string): void {
  if (!agencyName.test(name)) {
    throw new LiveRiskError('INPUT_INVALID', `not an agency name: ${JSON.stringify(name)}`, {
      hint: 'use lower-case letters, digits and dashes, for example police or nhs-trust',
    });
  }
}

/**
 * Creates the agency's client, or gives an existing one a new secret, so calling it again is how a
 * secret is rotated. Keycloak refuses the old secret at once; the registry within a minute, when
 * the token it cached for the old secret expires (the realm's token lifespan).
 */
export async function grantRegistryRead(config: Config, name: string): Promise<RegistryCredentials> {
  checkName(name);
  try {
    const admin = await connectKeycloakAdmin(config);
    const id = await ensureServiceClient(admin, realmName, agencyClient(name));
    const clientSecret = await regenerateClientSecret(admin, realmName, id);
    return { clientId: agencyClientId(name), clientSecret };
  } catch (error) {
    throw keycloakUnavailable(config, error);
  }
}

/** Deletes the agency's client: Keycloak refuses it at once, the registry within a minute (as above). */
export async function revokeRegistryAccess(config: Config, name: string): Promise<{ revoked: boolean }> {
  checkName(name);
  try {
    const admin = await connectKeycloakAdmin(config);
    return { revoked: await deleteClient(admin, realmName, agencyClientId(name)) };
  } catch (error) {
    throw keycloakUnavailable(config, error);
  }
}
