import type { Knex } from 'knex';
import type { Logger } from '../platform/logger';
import type { Runtime } from '../platform/runtime';
import type { Policy } from '../policy';
import type { Authenticator } from './authenticator';
import type { OidcSignIn } from './oidc/sign-in-flow';
import type { Session } from './sessions';

/** What every route needs, built once when the portal starts. */
export type PortalContext = Readonly<{
  runtime: Runtime;
  db: Knex;
  log: Logger;
  /** Local passwords; undefined when PORTAL_SIGN_IN is oidc. */
  authenticator: Authenticator | undefined;
  /** The council's identity provider; undefined when PORTAL_SIGN_IN is password. */
  oidc: OidcSignIn | undefined;
  policy: Policy;
  /** The origins a form may be posted from: PORTAL_URL's, and the address the portal listens on. */
  allowedOrigins: ReadonlySet<string>;
  /** Cookies get Secure (and the __Host- prefix) when practitioners reach the portal over https. */
  secureCookies: boolean;
  now: () => Date;
}>;

export type Signed = Readonly<{ session: Session; name: string }>;

export const cookieNames = (secure: boolean) =>
  secure
    ? { session: '__Host-live-risk-session', signIn: '__Host-live-risk-sign-in', providerSignIn: '__Host-live-risk-oidc' }
    : { session: 'live-risk-session', signIn: 'live-risk-sign-in', providerSignIn: 'live-risk-oidc' };
