import { defaultGroupRoles, devPortalSignInClientId } from './config-portal-sign-in';
import type { ProcessRole } from './kafka-credentials';
/**
 * The `live-risk` Keycloak realm as data. `stack up` applies it on every start (keycloak-apply.ts):
 * anything listed here is created when missing and brought back to this shape when changed, and
 * nothing else in the realm is touched, so clients added later (agencies, practitioners) survive.
 *
 * Roles, groups and clients are plain lists so that the practitioners' accounts (issue 15) can be
 * added as more rows, not more code.
 */
export const realmName = 'live-risk';

/**
 * Apicurio Registry's role-based authorisation reads these realm roles from the access token
 * (apicurio.auth.roles.* in apicurio-registry-app 3.0.9): admin may do everything, developer may
 * register versions, readonly may only read.
 */
export const registryRoles = { admin: 'sr-admin', developer: 'sr-developer', readonly: 'sr-readonly' } as const;

export type RealmRole = Readonly<{ name: string; description: string }>;

/** A confidential client that authenticates with its own id and secret (OAuth client credentials). */
export type ServiceClient = Readonly<{ clientId: string; description: string; realmRoles: readonly string[] }>;

export type RealmGroup = Readonly<{ name: string; realmRoles: readonly string[] }>;

/**
 * A confidential client that people sign in through with a browser: authorization code flow with
 * PKCE (S256) required, no other grant. Redirect paths are joined to the portal's origins when the
 * realm is applied (keycloak-apply.ts), since PORTAL_URL is a deployment's, not the realm's.
 */
export type BrowserClient = Readonly<{
  clientId: string;
  description: string;
  redirectPaths: readonly string[];
  postLogoutRedirectPaths: readonly string[];
  /** Token claim → user attribute, written into ID tokens, access tokens and userinfo. */
  attributeClaims: readonly Readonly<{ claim: string; attribute: string }>[];
  /** The claim that lists the person's group names (not full paths). */
  groupsClaim: string;
}>;

/** A user attribute declared in Keycloak's user profile: only administrators see or set it. */
export type ProfileAttribute = Readonly<{ name: string; displayName: string; pattern: string }>;

export type RealmDefinition = Readonly<{
  name: string;
  /**
   * Apicurio caches the token it gets for a client's id and secret until the token expires, so this
   * is how long a revoked or rotated secret may still be accepted (Keycloak's default is 300 s).
   */
  accessTokenLifespanSeconds: number;
  roles: readonly RealmRole[];
  groups: readonly RealmGroup[];
  /** Clients owned by this definition; `stack up` writes the development secrets of these. */
  serviceClients: readonly ServiceClient[];
  browserClients: readonly BrowserClient[];
  userProfileAttributes: readonly ProfileAttribute[];
}>;

/** The council's administrators: the only ones who register, change compatibility or delete. */
export const adminClientId = 'live-risk-admin';

/** The default identity of every long-running process in development: reads schemas, nothing else. */
export const pipelineClientId = 'live-risk-pipeline';

/**
 * The registry client each process reads schemas as, by its Kafka role (kafka-credentials.ts), so
 * the registry's log names the process as Kafka's does. The operator's commands read as the pipeline.
 */
export const readerClientIds = {
  admin: pipelineClientId,
  consumers: pipelineClientId,
  scheduler: 'live-risk-scheduler',
  portal: 'live-risk-portal',
  ingest: 'live-risk-ingest',
} as const satisfies Record<ProcessRole, string>;

/**
 * Practitioners sign in to the portal through this client (PORTAL_SIGN_IN=oidc or both). Their id
 * in the cohort is the `practitioner_id` attribute an administrator sets on their account, and their
 * portal roles come from the groups below (OIDC_GROUP_ROLES maps them).
 */
export const portalSignInClient: BrowserClient = {
  clientId: devPortalSignInClientId,
  description: 'the practitioner portal: practitioners sign in here',
  redirectPaths: ['/sign-in/oidc/callback'],
  postLogoutRedirectPaths: ['/sign-in'],
  attributeClaims: [{ claim: 'practitioner_id', attribute: 'practitioner_id' }],
  groupsClaim: 'groups',
};

const reader = (clientId: string, what: string): ServiceClient => ({
  clientId,
  description: `${what}: reads schemas, changes nothing`,
  realmRoles: [registryRoles.readonly],
});

export const liveRiskRealm: RealmDefinition = {
  name: realmName,
  accessTokenLifespanSeconds: 60,
  roles: [
    { name: registryRoles.admin, description: 'schema registry: register versions, change compatibility, delete' },
    { name: registryRoles.developer, description: 'schema registry: register versions' },
    { name: registryRoles.readonly, description: 'schema registry: read schemas only' },
  ],
  groups: [
    // A person's account (issue 15) or an extra administrator's client joins this group to administer the registry.
    { name: 'registry-administrators', realmRoles: [registryRoles.admin] },
    // Portal roles come from membership, not realm roles: Entra ID, the other provider councils use, has groups.
    ...defaultGroupRoles.map(({ group }) => ({ name: group, realmRoles: [] })),
  ],
  serviceClients: [
    { clientId: adminClientId, description: 'the council\'s administrators: schemas register, stack up, demo', realmRoles: [registryRoles.admin] },
    reader(pipelineClientId, 'consumers, replay and the other pipeline commands'),
    reader(readerClientIds.portal, 'the practitioner portal'),
    reader(readerClientIds.scheduler, 'the digest scheduler'),
    reader(readerClientIds.ingest, 'the agencies\' ingest API'),
  ],
  browserClients: [portalSignInClient],
  userProfileAttributes: [{ name: 'practitioner_id', displayName: 'Practitioner id (as in the cohort)', pattern: '^[A-Za-z0-9._-]{1,100}$' }],
};

/** An agency's client id: one per agency, read-only on the registry. */
export const agencyClientId = (agencyName: string): string => `agency-${agencyName}`;

export function agencyClient(agencyName: string): ServiceClient {
  return reader(agencyClientId(agencyName), `agency ${agencyName}`);
}
