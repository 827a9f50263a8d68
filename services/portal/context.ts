import type { Knex } from 'knex';
import type { Logger } from '../platform/logger';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { Authenticator } from './authenticator';
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
  authenticator: Authenticator;
  policy: Policy;
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
    ? { session: '__Host-live-risk-session', signIn: '__Host-live-risk-sign-in', device: '__Host-live-risk-device' }
    : { session: 'live-risk-session', signIn: 'live-risk-sign-in', device: 'live-risk-device' };
