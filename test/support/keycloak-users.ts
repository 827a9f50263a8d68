import { randomBytes } from 'node:crypto';
import type { KeycloakAdmin } from '../../services/platform/keycloak-admin';
import { realmName } from '../../services/platform/keycloak-realm';

/**
 * People at the development identity provider, made per test through Keycloak's admin API with
 * random names, so tests never meet each other's users. All synthetic.
 */
export type TestUser = Readonly<{ id: string; username: string; password: string }>;

async function groupId(admin: KeycloakAdmin, name: string): Promise<string> {
  const groups = (await admin.request<{ id: string; name: string }[]>('GET', `/${realmName}/groups?search=${encodeURIComponent(name)}&exact=true`)).body ?? [];
  const found = groups.find((group) => group.name === name);
  if (!found) throw new Error(`no group ${name} in the realm: run \`live-risk stack up\` to apply it`);
  return found.id;
}

export async function createUser(admin: KeycloakAdmin, options: Readonly<{ practitionerId?: string; groups: readonly string[] }>): Promise<TestUser> {
  const username = `t-${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const created = await admin.request('POST', `/${realmName}/users`, {
    username,
    enabled: true,
    email: `${username}@council.example`,
    emailVerified: true,
    firstName: 'Test',
    lastName: username,
    ...(options.practitionerId ? { attributes: { practitioner_id: [options.practitionerId] } } : {}),
    credentials: [{ type: 'password', value: password, temporary: false }],
  });
  const id = created.location?.split('/').pop();
  if (!id) throw new Error(`Keycloak did not create ${username} (HTTP ${created.status})`);
  for (const group of options.groups) await joinGroup(admin, id, group);
  return { id, username, password };
}

export async function joinGroup(admin: KeycloakAdmin, userId: string, group: string): Promise<void> {
  await admin.request('PUT', `/${realmName}/users/${userId}/groups/${await groupId(admin, group)}`);
}

export async function leaveGroup(admin: KeycloakAdmin, userId: string, group: string): Promise<void> {
  await admin.request('DELETE', `/${realmName}/users/${userId}/groups/${await groupId(admin, group)}`);
}

/** As an administrator does for a leaver: the account stays, disabled. */
export async function disableUser(admin: KeycloakAdmin, userId: string): Promise<void> {
  const user = (await admin.request<Record<string, unknown>>('GET', `/${realmName}/users/${userId}`)).body;
  await admin.request('PUT', `/${realmName}/users/${userId}`, { ...user, enabled: false });
}

export async function deleteUser(admin: KeycloakAdmin, userId: string): Promise<void> {
  await admin.request('DELETE', `/${realmName}/users/${userId}`);
}
