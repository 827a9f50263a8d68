import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveRiskError } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import { loadEncompassDirectory } from '../encompass';
import { loadPolicy } from '../policy';
import { buildPortalApp } from './app';
import { passwordAuthenticator, type Authenticator } from './authenticator';
import { defaultLimits, type PortalContext, type PortalLimits } from './context';
import type { BackOff } from './accounts';
import { providerButtonLabel, providerRoutes, providerSignOutUrl } from './oidc-routes';
import { refuseAllPasswords } from './oidc/no-passwords';
import { oidcProvider } from './oidc/provider';
import { oidcSignIn, type OidcSignIn } from './oidc/sign-in-flow';
import type { ScryptParameters } from './passwords';
import type { PortalFeature } from './routing';

/**
 * Starts the portal on fastify. It listens on loopback unless told otherwise: TLS is terminated in
 * front of it (the council's reverse proxy), and PORTAL_URL is the address practitioners use there.
 */
export type PortalOptions = Readonly<{
  listen: Readonly<{ host: string; port: number }>;
  authenticator?: Authenticator;
  /** The identity provider sign-in; built from PORTAL_SIGN_IN and OIDC_* when not given. */
  oidc?: OidcSignIn;
  /** Password hashing cost; tests may lower it, production keeps the default. */
  scrypt?: ScryptParameters;
  /** The account back-off (accounts.ts); tests shorten it. */
  backOff?: BackOff;
  /** Requests per address (app.ts's defaults otherwise). */
  limits?: PortalLimits;
  /** Proxies whose X-Forwarded-For is believed (PORTAL_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
  now?: () => Date;
  /** Told each response's status (the ops port's metrics). */
  onResponse?: (status: number) => void;
  /** Instead of the portal's own features (app.ts): for tests of one feature. */
  features?: readonly PortalFeature[];
}>;

export type RunningPortal = Readonly<{ url: string; app: FastifyInstance; server: Server; close(graceMs?: number): Promise<void> }>;

/** Read at start-up like the policy: a mistake in the register stops the portal with where it is. */
function schoolNames(runtime: Runtime): (urn: string) => string | undefined {
  const directory = loadEncompassDirectory(runtime.config.encompass);
  return (urn) => directory.schoolByUrn(urn)?.name;
}

export async function startPortal(runtime: Runtime, options: PortalOptions): Promise<RunningPortal> {
  const portalUrl = new URL(runtime.config.portalUrl);
  const allowedOrigins = new Set([portalUrl.origin]);
  const { method, oidc: oidcSettings } = runtime.config.portalSignIn;
  // Built before listening, so a missing client secret stops start-up with its hint.
  const oidc = options.oidc ?? (oidcSettings ? oidcSignIn(oidcProvider(oidcSettings)) : undefined);
  const context: PortalContext = {
    runtime,
    db: runtime.db,
    log: runtime.log,
    authenticator: method === 'oidc' ? refuseAllPasswords : (options.authenticator ?? passwordAuthenticator(runtime.db, { scrypt: options.scrypt, backOff: options.backOff })),
    passwordSignIn: method !== 'oidc',
    oidc,
    ...(oidc ? { signOutElsewhere: (request, session) => providerSignOutUrl(context, oidc, request, session) } : {}),
    policy: loadPolicy(runtime.config.policyFile),
    schoolName: schoolNames(runtime),
    allowedOrigins,
    https: portalUrl.protocol === 'https:',
    secureCookies: portalUrl.protocol === 'https:',
    signInProviders: oidc ? [{ label: providerButtonLabel, action: providerRoutes.start }] : [],
    limits: options.limits ?? defaultLimits,
    now: options.now ?? (() => new Date()),
    onResponse: options.onResponse,
  };
  const app = await buildPortalApp(context, {
    features: options.features,
    trustedProxies: options.trustedProxies ?? runtime.config.portalTrustedProxies,
  });
  await app.listen({ host: options.listen.host, port: options.listen.port }).catch((error: NodeJS.ErrnoException) => {
    throw new LiveRiskError('CONFIG_INVALID', `cannot listen on ${options.listen.host}:${options.listen.port}: ${error.code ?? error.message}`, {
      cause: error,
      hint: 'choose another address with --listen HOST:PORT or PORTAL_LISTEN (is another portal running?)',
    });
  });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // The address it listens on is an origin too (a practitioner on the same machine, the tests).
  allowedOrigins.add(url);
  return {
    url,
    app,
    server: app.server,
    close: async (graceMs = 5_000) => {
      // Drain: no new connections, idle keep-alive ones closed now (fastify's default), requests in
      // flight get `graceMs` to finish before their connections are cut.
      const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
