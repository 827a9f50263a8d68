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
  ],
  serviceClients: [
    { clientId: adminClientId, description: 'the council\'s administrators: schemas register, stack up, demo', realmRoles: [registryRoles.admin] },
    reader(pipelineClientId, 'consumers, replay and the other pipeline commands'),
    reader(readerClientIds.portal, 'the practitioner portal'),
    reader(readerClientIds.scheduler, 'the digest scheduler'),
    reader(readerClientIds.ingest, 'the agencies\' ingest API'),
  ],
};

/** An agency's client id: one per agency, read-only on the registry. */
export const agencyClientId = (agencyName: string): string => `agency-${agencyName}`;

export function agencyClient(agencyName: string): ServiceClient {
  return reader(agencyClientId(agencyName), `agency ${agencyName}`);
}
