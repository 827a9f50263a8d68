import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import type { OidcSettings } from '../../platform/config-portal-sign-in';
import { LiveRiskError, describeError } from '../../platform/errors';

/**
 * The council's OpenID Connect provider, through openid-client (panva, v6): discovery, the
 * authorization code flow with PKCE (S256), state and nonce, ID token validation (signature, issuer,
 * audience, expiry, nonce — all done by the library), the refresh grant, and RP-initiated logout.
 * Foreign errors become ours here, once: a provider that cannot be reached is retriable, a refused
 * refresh (invalid_grant) is an answer, not an error, and a refused client is configuration.
 */
export type PendingSignIn = Readonly<{ verifier: string; state: string; nonce: string; redirectUri: string }>;

export type ProviderTokens = Readonly<{
  claims: Readonly<Record<string, unknown>>;
  refreshToken: string | undefined;
  idToken: string | undefined;
}>;

/** A refresh may come back without an ID token (the provider's choice): then there are no new claims. */
export type RefreshOutcome =
  | Readonly<{ ok: true; claims: Readonly<Record<string, unknown>> | undefined; refreshToken: string; idToken: string | undefined }>
  | Readonly<{ ok: false; error: string }>;

export type OidcProvider = Readonly<{
  issuer: string;
  settings: OidcSettings;
  clientSecret: string;
  startSignIn(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }>;
  /** `callback` is the URL the browser came back to; throws a SignInFailure the page can explain. */
  finishSignIn(callback: URL, pending: PendingSignIn): Promise<ProviderTokens>;
  refresh(refreshToken: string): Promise<RefreshOutcome>;
  /** Where to send the browser to end its session at the provider too; undefined when the provider has no such endpoint. */
  endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined>;
}>;

/** The browser came back with an error, or with a response that does not belong to its sign-in. */
export class SignInFailure extends Error {
  constructor(readonly kind: 'cancelled' | 'invalid', message: string) {
    super(message);
  }
}

function readClientSecret(settings: OidcSettings): string {
  try {
    return readFileSync(settings.clientSecretFile, 'utf8').trim();
  } catch (error) {
    throw new LiveRiskError('CONFIG_INVALID', `cannot read the portal's OIDC client secret from ${settings.clientSecretFile}: ${describeError(error)}`, {
      cause: error,
      hint: 'run `live-risk stack up` (it writes the development secret there), or set OIDC_CLIENT_SECRET_FILE to a file holding the secret the provider gave the portal',
    });
  }
}

function unavailable(settings: OidcSettings, error: unknown): LiveRiskError {
  return new LiveRiskError('IDENTITY_PROVIDER_UNAVAILABLE', `cannot reach the identity provider at ${settings.issuerUrl}: ${describeError(error)}`, {
    retriable: true,
    cause: error,
    hint: 'check OIDC_ISSUER_URL and that the provider is up (`live-risk stack status` for the development one)',
  });
}

/** A provider's answer that is about the client (wrong secret, client disabled) rather than the person. */
const clientErrors = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type']);

function classify(settings: OidcSettings, error: unknown): LiveRiskError {
  if (error instanceof client.ResponseBodyError) {
    if (clientErrors.has(error.error)) {
      return new LiveRiskError('CONFIG_INVALID', `the identity provider refused the portal's client ${settings.clientId}: ${error.error}`, {
        cause: error,
        hint: 'check OIDC_CLIENT_ID and the secret in OIDC_CLIENT_SECRET_FILE against the provider',
      });
    }
    if (error.status >= 500) return unavailable(settings, error);
  }
  if (error instanceof LiveRiskError) return error;
  // Network failures and timeouts come from fetch as TypeError, AbortError or TimeoutError, alone or
  // as a ClientError's cause (when fetch's errors come from another realm, e.g. under jest): by name.
  for (let cause: unknown = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 3; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    if (['TypeError', 'AbortError', 'TimeoutError'].includes((cause as { name?: unknown }).name as string)) return unavailable(settings, error);
  }
  // An HTTP answer that is not OAuth at all, e.g. the metadata document: openid-client keeps the Response as the cause.
  const status = (error as { cause?: { status?: unknown } }).cause?.status;
  if (error instanceof client.ClientError && typeof status === 'number') {
    if (status >= 500) return unavailable(settings, error);
    return new LiveRiskError('CONFIG_INVALID', `the identity provider at ${settings.issuerUrl} answered HTTP ${status}`, {
      cause: error,
      hint: 'check OIDC_ISSUER_URL (and OIDC_DISCOVERY_URL if set): the provider\'s metadata is at <issuer>/.well-known/openid-configuration',
    });
  }
  return new LiveRiskError('INTERNAL', `identity provider exchange failed: ${describeError(error)}`, { cause: error });
}

export function oidcProvider(settings: OidcSettings): OidcProvider {
  const clientSecret = readClientSecret(settings);
  const issuerUrl = new URL(settings.issuerUrl);
  const metadataUrl = new URL(settings.discoveryUrl ?? settings.issuerUrl);
  const insecure = issuerUrl.protocol === 'http:' || metadataUrl.protocol === 'http:';
  let configuration: Promise<client.Configuration> | undefined;
  // Discovered on first use and kept; a failed discovery is tried again on the next request.
  const configured = (): Promise<client.Configuration> => {
    configuration ??= client
      .discovery(metadataUrl, settings.clientId, clientSecret, client.ClientSecretPost(clientSecret), {
        // Plain http only for a provider on loopback (config.ts), or inside docker compose's network.
        ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .then((config) => {
        // Given the document's URL, openid-client does not compare its issuer with ours: we do.
        const issuer = config.serverMetadata().issuer;
        if (issuer !== settings.issuerUrl) {
          throw new LiveRiskError('CONFIG_INVALID', `the provider's metadata at ${metadataUrl.href} names the issuer ${issuer}, not ${settings.issuerUrl}`, {
            hint: 'set OIDC_ISSUER_URL to the issuer the provider names (its ID tokens carry it)',
          });
        }
        return config;
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw classify(settings, error);
      });
    return configuration;
  };
  return {
    issuer: settings.issuerUrl,
    settings,
    clientSecret,
    async startSignIn(redirectUri) {
      const config = await configured();
      const pending = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), redirectUri };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },
    async finishSignIn(callback, pending) {
      const config = await configured();
      const denied = callback.searchParams.get('error');
      if (denied !== null) throw new SignInFailure(denied === 'access_denied' ? 'cancelled' : 'invalid', `the provider answered ${denied.slice(0, 100)}`);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        // A wrong state, a replayed or foreign code, a bad ID token: the sign-in is simply not valid.
        if (error instanceof client.AuthorizationResponseError || error instanceof client.ClientError) throw new SignInFailure('invalid', describeError(error));
        if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') throw new SignInFailure('invalid', error.error);
        throw classify(settings, error);
      }
      const claims = tokens.claims();
      if (!claims) throw new SignInFailure('invalid', 'the provider returned no ID token');
      return { claims, refreshToken: tokens.refresh_token, idToken: tokens.id_token };
    },
    async refresh(refreshToken) {
      const config = await configured();
      try {
        const tokens = await client.refreshTokenGrant(config, refreshToken, { scope: 'openid profile' });
        return { ok: true, claims: tokens.claims(), refreshToken: tokens.refresh_token ?? refreshToken, idToken: tokens.id_token };
      } catch (error) {
        // The provider's "no": the person was disabled or removed, their session there ended, or the token was revoked.
        if (error instanceof client.ResponseBodyError && error.error === 'invalid_grant') return { ok: false, error: error.error };
        throw classify(settings, error);
      }
    },
    async endSessionUrl(idToken, postLogoutRedirectUri) {
      // Our session is already over; a provider we cannot reach just means we cannot end its session too.
      const config = await configured().catch(() => undefined);
      if (config?.serverMetadata().end_session_endpoint === undefined) return undefined;
      return client.buildEndSessionUrl(config, {
        client_id: settings.clientId,
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href;
    },
  };
}
