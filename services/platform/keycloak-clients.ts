import { LiveRiskError } from './errors';
import type { KeycloakAdmin } from './keycloak-admin';
import { ensureBrowserClient, ensureProfileAttributes } from './keycloak-browser-clients';
import { confidentialClient, findClient, upsertClient } from './keycloak-lookups';
import type { RealmDefinition, ServiceClient } from './keycloak-realm';

export { findClient };

/**
 * Idempotent steps over Keycloak's admin REST API: each one creates what is missing and corrects
 * what drifted, so applying the realm on every `stack up` is safe.
 */
type Role = { id: string; name: string };

/** `portalUrl` (PORTAL_URL) is where browser clients may send people back to, beside loopback. */
export async function applyRealm(admin: KeycloakAdmin, realm: RealmDefinition, portalUrl: string): Promise<void> {
  if ((await admin.request('GET', `/${realm.name}`)).status === 404) {
    await admin.request('POST', '', { realm: realm.name, enabled: true });
  }
  await admin.request('PUT', `/${realm.name}`, { realm: realm.name, enabled: true, accessTokenLifespan: realm.accessTokenLifespanSeconds });
  for (const role of realm.roles) {
    const existing = await admin.request('GET', `/${realm.name}/roles/${encodeURIComponent(role.name)}`);
    if (existing.status === 404) await admin.request('POST', `/${realm.name}/roles`, role);
    else await admin.request('PUT', `/${realm.name}/roles/${encodeURIComponent(role.name)}`, role);
  }
  for (const group of realm.groups) {
    let found = await findGroup(admin, realm.name, group.name);
    if (found === undefined) {
      await admin.request('POST', `/${realm.name}/groups`, { name: group.name });
      found = await findGroup(admin, realm.name, group.name);
    }
    if (found === undefined) throw new LiveRiskError('INTERNAL', `Keycloak did not keep the group ${group.name}`);
    await setRealmRoles(admin, realm.name, `/groups/${found}`, group.realmRoles);
  }
  for (const client of realm.serviceClients) await ensureServiceClient(admin, realm.name, client);
  await ensureProfileAttributes(admin, realm.name, realm.userProfileAttributes);
  for (const client of realm.browserClients) await ensureBrowserClient(admin, realm.name, client, portalUrl);
}

async function findGroup(admin: KeycloakAdmin, realm: string, name: string): Promise<string | undefined> {
  const groups = (await admin.request<{ id: string; name: string }[]>('GET', `/${realm}/groups?search=${encodeURIComponent(name)}&exact=true`)).body ?? [];
  return groups.find((group) => group.name === name)?.id;
}

/**
 * A confidential client with only a service account (no browser sign-in, no passwords): it gets
 * tokens by client credentials, and the token carries exactly the realm roles listed.
 */
export async function ensureServiceClient(admin: KeycloakAdmin, realm: string, client: ServiceClient): Promise<string> {
  const id = await upsertClient(admin, realm, {
    ...confidentialClient(client),
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
  });
  const user = await admin.request<{ id: string }>('GET', `/${realm}/clients/${id}/service-account-user`);
  if (user.body === undefined) throw new LiveRiskError('INTERNAL', `Keycloak gave the client ${client.clientId} no service account`);
  await setRealmRoles(admin, realm, `/users/${user.body.id}`, client.realmRoles);
  return id;
}

/** Makes the holder's realm roles exactly `wanted`, leaving Keycloak's own default roles alone. */
async function setRealmRoles(admin: KeycloakAdmin, realm: string, holder: string, wanted: readonly string[]): Promise<void> {
  const current = (await admin.request<Role[]>('GET', `/${realm}${holder}/role-mappings/realm`)).body ?? [];
  const roles = await Promise.all(wanted.map(async (name) => (await admin.request<Role>('GET', `/${realm}/roles/${encodeURIComponent(name)}`)).body));
  const missing = roles.filter((role): role is Role => role !== undefined && !current.some((held) => held.name === role.name));
  if (missing.length > 0) await admin.request('POST', `/${realm}${holder}/role-mappings/realm`, missing);
  // Only our registry roles are taken away: default-roles-<realm> and the like belong to Keycloak.
  const extra = current.filter((held) => held.name.startsWith('sr-') && !wanted.includes(held.name));
  if (extra.length > 0) await admin.request('DELETE', `/${realm}${holder}/role-mappings/realm`, extra);
}

export async function clientSecret(admin: KeycloakAdmin, realm: string, id: string): Promise<string> {
  const secret = await admin.request<{ value: string }>('GET', `/${realm}/clients/${id}/client-secret`);
  if (secret.body?.value === undefined) throw new LiveRiskError('INTERNAL', 'Keycloak returned no client secret');
  return secret.body.value;
}

/** A new secret: the old one stops working at once. */
export async function regenerateClientSecret(admin: KeycloakAdmin, realm: string, id: string): Promise<string> {
  const secret = await admin.request<{ value: string }>('POST', `/${realm}/clients/${id}/client-secret`);
  if (secret.body?.value === undefined) throw new LiveRiskError('INTERNAL', 'Keycloak returned no client secret');
  return secret.body.value;
}

/** Removes the client and its service account; true when there was one. */
export async function deleteClient(admin: KeycloakAdmin, realm: string, clientId: string): Promise<boolean> {
  const id = await findClient(admin, realm, clientId);
  if (id === undefined) return false;
  await admin.request('DELETE', `/${realm}/clients/${id}`);
  return true;
}
