import { z } from 'zod';
import { portalRoles, type PortalRole } from '../portal/roles';
import { registryClientSecretFile } from './secret-files';

/**
 * How practitioners sign in to the portal (README, "Signing in through the council's identity
 * provider"): local passwords, the council's OpenID Connect provider, or both. Part of config.ts's
 * one environment schema; kept here so that file stays about the pipeline.
 */
export const portalSignInMethods = ['password', 'oidc', 'both'] as const;
export type PortalSignInMethod = (typeof portalSignInMethods)[number];

/** The portal's own browser client in the development realm (services/platform/keycloak-realm.ts). */
export const devPortalSignInClientId = 'live-risk-portal-sign-in';

/** One provider group (a Keycloak group name, an Entra ID group object id) that gives a portal role. */
export type GroupRole = Readonly<{ group: string; role: PortalRole }>;

export const defaultGroupRoles: readonly GroupRole[] = [
  { group: 'lead-practitioners', role: 'lead-practitioner' },
  { group: 'team-managers', role: 'team-manager' },
  { group: 'reviewers', role: 'reviewer' },
  { group: 'ig-officers', role: 'ig-officer' },
  { group: 'school-dsls', role: 'school-dsl' },
  { group: 'encompass-team', role: 'encompass-council' },
];

const groupRolesExample = 'lead-practitioners=lead-practitioner,team-managers=team-manager';

/**
 * OIDC_GROUP_ROLES: comma-separated `group=role` pairs. A group may give several roles (list it
 * twice); a group name may hold spaces but not `,` or `=`.
 *
 *   OIDC_GROUP_ROLES=3f0c1a9e-…=lead-practitioner,8b2d…=team-manager     (Entra ID object ids)
 */
export function parseGroupRoles(value: string): GroupRole[] | string {
  const pairs = value.split(',').map((pair) => pair.trim()).filter((pair) => pair !== '');
  if (pairs.length === 0) return `expected group=role pairs, such as ${groupRolesExample}`;
  const parsed: GroupRole[] = [];
  for (const pair of pairs) {
    const [group, role, extra] = pair.split('=').map((part) => part.trim());
    if (!group || role === undefined || extra !== undefined) return `"${pair}" is not group=role; expected pairs such as ${groupRolesExample}`;
    if (!(portalRoles as readonly string[]).includes(role)) return `"${role}" is not a portal role; expected one of ${portalRoles.join(', ')}`;
    parsed.push({ group, role: role as PortalRole });
  }
  return parsed;
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const portalSignInEnvironment = {
  PORTAL_SIGN_IN: z
    .enum(portalSignInMethods, { message: "expected 'password' (local passwords only), 'oidc' (the council's identity provider only) or 'both'" })
    .default('password'),
  OIDC_ISSUER_URL: z
    .url({ message: "expected the provider's issuer URL, such as https://login.microsoftonline.com/<tenant id>/v2.0 or http://127.0.0.1:8180/realms/live-risk" })
    .refine((value) => new URL(value).protocol === 'https:' || loopback.has(new URL(value).hostname), {
      message: 'expected https: only a provider on this machine (loopback) may be reached over plain http',
    })
    .optional(),
  // Only where the portal cannot reach the issuer's own address (docker compose: the issuer is the
  // browser's http://127.0.0.1:8180/…, the portal's container reaches Keycloak as keycloak:8080).
  OIDC_DISCOVERY_URL: z
    .url({ message: "expected the provider's metadata URL, such as http://keycloak:8080/realms/live-risk/.well-known/openid-configuration" })
    .refine((value) => value.includes('/.well-known/'), { message: 'expected a URL of the provider\'s metadata document, ending /.well-known/openid-configuration' })
    .optional(),
  OIDC_CLIENT_ID: z.string().regex(/^[\w.:/-]{1,200}$/, "expected the portal's client id (application id) at the provider").optional(),
  OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  OIDC_GROUP_ROLES: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return defaultGroupRoles;
      const parsed = parseGroupRoles(value);
      if (typeof parsed === 'string') {
        context.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  OIDC_RECHECK_SECONDS: z.coerce
    .number({ message: 'expected a whole number of seconds, such as 300' })
    .int('expected a whole number of seconds, such as 300')
    .min(1, 'expected at least 1 second')
    .max(3600, 'expected at most 3600 seconds: a leaver could otherwise keep reading for an hour')
    .default(300),
};

type SignInEnvironment = Readonly<{
  PORTAL_SIGN_IN: PortalSignInMethod;
  OIDC_ISSUER_URL?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_CLIENT_SECRET_FILE?: string | undefined;
  OIDC_DISCOVERY_URL?: string | undefined;
  OIDC_GROUP_ROLES: readonly GroupRole[];
  OIDC_RECHECK_SECONDS: number;
  KEYCLOAK_URL: string;
  LIVE_RISK_STATE_DIR: string;
}>;

/** OIDC settings given while PORTAL_SIGN_IN is password are a mistake worth stopping for. */
export const oidcNeedsSignInMethod: Readonly<{ check: (env: Pick<SignInEnvironment, 'PORTAL_SIGN_IN' | 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID'>) => boolean; params: { path: string[]; message: string } }> = {
  check: (env: Pick<SignInEnvironment, 'PORTAL_SIGN_IN' | 'OIDC_ISSUER_URL' | 'OIDC_CLIENT_ID'>) =>
    env.PORTAL_SIGN_IN !== 'password' || (env.OIDC_ISSUER_URL === undefined && env.OIDC_CLIENT_ID === undefined),
  params: { path: ['PORTAL_SIGN_IN'], message: 'OIDC_ISSUER_URL or OIDC_CLIENT_ID is set: set PORTAL_SIGN_IN to oidc or both to use the identity provider (or unset them)' },
};

export type PortalSignIn = Readonly<{
  method: PortalSignInMethod;
  /** Absent when method is 'password'. */
  oidc: OidcSettings | undefined;
}>;

export type OidcSettings = Readonly<{
  issuerUrl: string;
  /** Where the metadata is fetched from instead of the issuer's own well-known address; its issuer must still be issuerUrl. */
  discoveryUrl: string | undefined;
  clientId: string;
  /** The client secret is read from this file (mode 0600), never from the environment. */
  clientSecretFile: string;
  groupRoles: readonly GroupRole[];
  /** How often, at most, a signed-in person's standing is checked with the provider (a refresh grant). */
  recheckSeconds: number;
}>;

/**
 * Unset, the issuer, client and secret file are the development realm's, whose secret `stack up`
 * writes into the state dir, so `PORTAL_SIGN_IN=both` alone works against the local stack.
 */
export function portalSignIn(env: SignInEnvironment): PortalSignIn {
  if (env.PORTAL_SIGN_IN === 'password') return { method: 'password', oidc: undefined };
  const clientId = env.OIDC_CLIENT_ID ?? devPortalSignInClientId;
  return {
    method: env.PORTAL_SIGN_IN,
    oidc: {
      issuerUrl: (env.OIDC_ISSUER_URL ?? `${env.KEYCLOAK_URL.replace(/\/$/, '')}/realms/live-risk`).replace(/\/$/, ''),
      discoveryUrl: env.OIDC_DISCOVERY_URL,
      clientId,
      clientSecretFile: env.OIDC_CLIENT_SECRET_FILE ?? registryClientSecretFile(env.LIVE_RISK_STATE_DIR, clientId),
      groupRoles: env.OIDC_GROUP_ROLES,
      recheckSeconds: env.OIDC_RECHECK_SECONDS,
    },
  };
}
