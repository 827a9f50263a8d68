import { LiveRiskError } from './errors';
import type { KeycloakAdmin } from './keycloak-admin';

type ClientRepresentation = { id: string; clientId: string };

/** Keycloak's internal id of the client called `clientId`, if the realm has one. */
export async function findClient(admin: KeycloakAdmin, realm: string, clientId: string): Promise<string | undefined> {
  const clients = (await admin.request<ClientRepresentation[]>('GET', `/${realm}/clients?clientId=${encodeURIComponent(clientId)}`)).body ?? [];
  return clients.find((client) => client.clientId === clientId)?.id;
}

/** What every live-risk client is: an OpenID Connect client that proves itself with a secret. */
export const confidentialClient = (client: Readonly<{ clientId: string; description: string }>) => ({
  clientId: client.clientId,
  description: client.description,
  enabled: true,
  protocol: 'openid-connect',
  publicClient: false,
  clientAuthenticatorType: 'client-secret',
});

/**
 * Creates the client, or puts its representation back where it drifted, and returns Keycloak's
 * internal id. A PUT replaces only the fields it names; protocol mappers have their own resource.
 */
export async function upsertClient<R extends Readonly<{ clientId: string }>>(admin: KeycloakAdmin, realm: string, representation: R): Promise<string> {
  let id = await findClient(admin, realm, representation.clientId);
  if (id === undefined) {
    await admin.request('POST', `/${realm}/clients`, representation);
    id = await findClient(admin, realm, representation.clientId);
    if (id === undefined) throw new LiveRiskError('INTERNAL', `Keycloak did not keep the client ${representation.clientId}`);
  } else {
    await admin.request('PUT', `/${realm}/clients/${id}`, { id, ...representation });
  }
  return id;
}
