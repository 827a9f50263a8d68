import type { KeycloakAdmin } from './keycloak-admin';

type ClientRepresentation = { id: string; clientId: string };

/** Keycloak's internal id of the client called `clientId`, if the realm has one. */
export async function findClient(admin: KeycloakAdmin, realm: string, clientId: string): Promise<string | undefined> {
  const clients = (await admin.request<ClientRepresentation[]>('GET', `/${realm}/clients?clientId=${encodeURIComponent(clientId)}`)).body ?? [];
  return clients.find((client) => client.clientId === clientId)?.id;
}
