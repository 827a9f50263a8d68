import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LiveRiskError } from '../platform/errors';
import type { Runtime } from '../platform/runtime';
import { loadPolicy } from '../policy';
import { portalHandler } from './app';
import { passwordAuthenticator, type Authenticator } from './authenticator';
import type { PortalContext } from './context';
import { oidcProvider } from './oidc/provider';
import { oidcSignIn, type OidcSignIn } from './oidc/sign-in-flow';
import type { ScryptParameters } from './passwords';

/**
 * Starts the portal on node:http. It listens on loopback unless told otherwise: TLS is terminated in
 * front of it (the council's reverse proxy), and PORTAL_URL is the address practitioners use there.
 */
export type PortalOptions = Readonly<{
  listen: Readonly<{ host: string; port: number }>;
  authenticator?: Authenticator;
  /** The identity provider sign-in; built from PORTAL_SIGN_IN and OIDC_* when not given. */
  oidc?: OidcSignIn;
  /** Password hashing cost; tests may lower it, production keeps the default. */
  scrypt?: ScryptParameters;
  now?: () => Date;
}>;

export type RunningPortal = Readonly<{ url: string; server: Server; close(graceMs?: number): Promise<void> }>;

export async function startPortal(runtime: Runtime, options: PortalOptions): Promise<RunningPortal> {
  const portalUrl = new URL(runtime.config.portalUrl);
  const { method, oidc: oidcSettings } = runtime.config.portalSignIn;
  // Built before listening, so a missing client secret stops start-up with its hint.
  const oidc = options.oidc ?? (oidcSettings ? oidcSignIn(oidcProvider(oidcSettings)) : undefined);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LiveRiskError('CONFIG_INVALID', `cannot listen on ${options.listen.host}:${options.listen.port}: ${error.code ?? error.message}`, {
          cause: error,
          hint: 'choose another address with --listen HOST:PORT or PORTAL_LISTEN (is another portal running?)',
        }),
      ),
    );
    server.listen(options.listen.port, options.listen.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const context: PortalContext = {
    runtime,
    db: runtime.db,
    log: runtime.log,
    authenticator: method === 'oidc' ? undefined : (options.authenticator ?? passwordAuthenticator(runtime.db, options.scrypt)),
    oidc,
    policy: loadPolicy(runtime.config.policyFile),
    allowedOrigins: new Set([portalUrl.origin, url]),
    secureCookies: portalUrl.protocol === 'https:',
    now: options.now ?? (() => new Date()),
  };
  server.on('request', portalHandler(context));
  // Slow clients may not hold connections open for ever.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  return {
    url,
    server,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        // Drain: no new connections, idle keep-alive ones closed now, requests in flight get
        // `graceMs` to finish before their connections are cut.
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
