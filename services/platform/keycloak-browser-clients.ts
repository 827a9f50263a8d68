import { LiveRiskError } from './errors';
import type { KeycloakAdmin } from './keycloak-admin';
import { confidentialClient, upsertClient } from './keycloak-lookups';
import type { BrowserClient, ProfileAttribute } from './keycloak-realm';

/**
 * Idempotent steps for the clients people sign in through and the user attributes they carry,
 * over Keycloak's admin REST API (26.x). Like keycloak-clients.ts: create what is missing, correct
 * what drifted, leave everything else alone.
 */

/**
 * Keycloak 26 compares a loopback redirect URI (http://127.0.0.1, http://[::1]) registered without
 * a port with any port in the request (RFC 8252, 7.3), so `http://127.0.0.1/sign-in/oidc/callback`
 * covers a portal on a random port, as the tests start it. `localhost` gets no such treatment.
 */
export const loopbackOrigin = 'http://127.0.0.1';

export function redirectUris(portalUrl: string, paths: readonly string[]): string[] {
  const bases = [portalUrl.replace(/\/$/, ''), loopbackOrigin];
  return [...new Set(bases.flatMap((base) => paths.map((path) => `${base}${path}`)))];
}

type Mapper = { id?: string; name: string; protocol: string; protocolMapper: string; config: Record<string, string> };

const inEveryToken = { 'id.token.claim': 'true', 'access.token.claim': 'true', 'userinfo.token.claim': 'true', 'introspection.token.claim': 'true' };

function mappers(client: BrowserClient): Mapper[] {
  return [
    {
      name: client.groupsClaim,
      protocol: 'openid-connect',
      protocolMapper: 'oidc-group-membership-mapper',
      config: { 'claim.name': client.groupsClaim, 'full.path': 'false', ...inEveryToken },
    },
    ...client.attributeClaims.map(({ claim, attribute }) => ({
      name: claim,
      protocol: 'openid-connect',
      protocolMapper: 'oidc-usermodel-attribute-mapper',
      config: { 'user.attribute': attribute, 'claim.name': claim, 'jsonType.label': 'String', multivalued: 'false', ...inEveryToken },
    })),
  ];
}

export async function ensureBrowserClient(admin: KeycloakAdmin, realm: string, client: BrowserClient, portalUrl: string): Promise<string> {
  const id = await upsertClient(admin, realm, {
    ...confidentialClient(client),
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    consentRequired: false,
    frontchannelLogout: false,
    redirectUris: redirectUris(portalUrl, client.redirectPaths),
    webOrigins: [],
    attributes: {
      // A code without its verifier (intercepted, or injected into another browser) is worthless.
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': redirectUris(portalUrl, client.postLogoutRedirectPaths).join('##'),
    },
  });
  // A client's PUT leaves its protocol mappers alone: they have their own resource.
  const existing = (await admin.request<Mapper[]>('GET', `/${realm}/clients/${id}/protocol-mappers/models`)).body ?? [];
  for (const mapper of mappers(client)) {
    const found = existing.find((candidate) => candidate.name === mapper.name);
    if (found?.id === undefined) await admin.request('POST', `/${realm}/clients/${id}/protocol-mappers/models`, mapper);
    else await admin.request('PUT', `/${realm}/clients/${id}/protocol-mappers/models/${found.id}`, { id: found.id, ...mapper });
  }
  return id;
}

type UserProfile = { attributes?: { name: string }[] } & Record<string, unknown>;

/**
 * Declares attributes in Keycloak's user profile (on by default since 24; undeclared attributes are
 * dropped). Only administrators may view or edit them: a person who could set their own
 * practitioner id could sign in as anyone.
 */
export async function ensureProfileAttributes(admin: KeycloakAdmin, realm: string, attributes: readonly ProfileAttribute[]): Promise<void> {
  if (attributes.length === 0) return;
  const profile = (await admin.request<UserProfile>('GET', `/${realm}/users/profile`)).body;
  if (profile === undefined) throw new LiveRiskError('INTERNAL', `Keycloak returned no user profile for the realm ${realm}`);
  const declared = attributes.map((attribute) => ({
    name: attribute.name,
    displayName: attribute.displayName,
    multivalued: false,
    permissions: { view: ['admin'], edit: ['admin'] },
    validations: { pattern: { pattern: attribute.pattern, 'error-message': `${attribute.displayName}: letters, digits, dots, dashes and underscores` } },
  }));
  const others = (profile.attributes ?? []).filter((attribute) => !attributes.some((ours) => ours.name === attribute.name));
  await admin.request('PUT', `/${realm}/users/profile`, { ...profile, attributes: [...others, ...declared] });
}
