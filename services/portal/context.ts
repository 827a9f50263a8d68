import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { Logger } from '../platform/logger';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { Authenticator } from './authenticator';
import type { OidcSignIn } from './oidc/sign-in-flow';
import type { SignInProvider } from './pages/sign-in';
import type { Session } from './sessions';

/**
 * Requests a minute from one address (the practitioner's, behind a trusted proxy). Sign-in attempts
 * have their own, tighter budget: enough for an office behind one NAT address signing in at nine,
 * too few for guessing. Counted per portal process, in memory: the account back-off (in PostgreSQL)
 * is what holds across processes.
 */
export type PortalLimits = Readonly<{ perAddress: number; signInsPerAddress: number }>;
export const defaultLimits: PortalLimits = { perAddress: 600, signInsPerAddress: 30 };

/** What every route needs, built once when the portal starts. */
export type PortalContext = Readonly<{
  runtime: Runtime;
  db: Knex;
  log: Logger;
  /** Local passwords; when PORTAL_SIGN_IN is oidc, one that refuses everyone and no password form is shown. */
  authenticator: Authenticator;
  passwordSignIn: boolean;
  /** The council's identity provider (PORTAL_SIGN_IN oidc or both); undefined for passwords only. */
  oidc: OidcSignIn | undefined;
  /** Where to send the browser after sign-out so it signs out of the identity provider too (oidc-routes.ts). */
  signOutElsewhere?: (request: FastifyRequest, session: Session) => Promise<string | undefined>;
  policy: Policy;
  /** A school's name from the schools register (LIVE_RISK_SCHOOLS_FILE), for the DSL's pages; absent in tests of other features. */
  schoolName?: (urn: string) => string | undefined;
  /** The origins a form may be posted from: PORTAL_URL's, and the address the portal listens on. */
  allowedOrigins: ReadonlySet<string>;
  /** Practitioners reach the portal over https (PORTAL_URL): HSTS is sent. */
  https: boolean;
  /** Cookies get Secure (and the __Host- prefix) when practitioners reach the portal over https. */
  secureCookies: boolean;
  /** Other ways to sign in, each a button on the sign-in page above the password form. */
  signInProviders: readonly SignInProvider[];
  limits: PortalLimits;
  now: () => Date;
  onResponse?: (status: number) => void;
}>;

export type Signed = Readonly<{ session: Session; name: string }>;

export const cookieNames = (secure: boolean) =>
  secure
    ? { session: '__Host-live-risk-session', signIn: '__Host-live-risk-sign-in', device: '__Host-live-risk-device', providerSignIn: '__Host-live-risk-oidc' }
    : { session: 'live-risk-session', signIn: 'live-risk-sign-in', device: 'live-risk-device', providerSignIn: 'live-risk-oidc' };
