import { createServer, type AddressInfo } from 'node:net';
import { loadConfig } from '../services/platform/config';
import type { OidcSettings } from '../services/platform/config-portal-sign-in';
import { LiveRiskError } from '../services/platform/errors';
import { oidcProvider } from '../services/portal/oidc/provider';

/**
 * The portal's OpenID Connect client against the development Keycloak, without a browser: what it
 * asks the provider for, and how the provider's answers and silences become ours.
 */
describe('the portal\'s OpenID Connect client, against the development Keycloak', () => {
  const settings = loadConfig({ ...process.env, PORTAL_SIGN_IN: 'both' }).portalSignIn.oidc as OidcSettings;

  it('sends the browser to the realm\'s authorization endpoint with PKCE (S256), state and nonce, and returns to the given address', async () => {
    const { url, pending } = await oidcProvider(settings).startSignIn('http://127.0.0.1:1234/sign-in/oidc/callback');
    const asked = new URL(url);
    expect(`${asked.origin}${asked.pathname}`).toBe(`${settings.issuerUrl}/protocol/openid-connect/auth`);
    expect(Object.fromEntries(asked.searchParams)).toEqual(expect.objectContaining({
      client_id: 'live-risk-portal-sign-in', response_type: 'code', code_challenge_method: 'S256', state: pending.state, nonce: pending.nonce,
      redirect_uri: 'http://127.0.0.1:1234/sign-in/oidc/callback', scope: 'openid profile',
    }));
    expect(asked.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.searchParams.get('code_challenge')).not.toBe(pending.verifier);
  });

  it('fetches the metadata from another address when told (as in docker compose), and refuses metadata that names another issuer', async () => {
    const viaLocalhost = `${settings.issuerUrl.replace('127.0.0.1', 'localhost')}/.well-known/openid-configuration`;
    await expect(oidcProvider({ ...settings, discoveryUrl: viaLocalhost }).startSignIn('http://127.0.0.1/sign-in/oidc/callback')).resolves.toHaveProperty('url');
    const wrong = oidcProvider({ ...settings, issuerUrl: settings.issuerUrl.replace('live-risk', 'another-realm'), discoveryUrl: viaLocalhost });
    await expect(wrong.startSignIn('http://127.0.0.1/sign-in/oidc/callback')).rejects.toThrow(/names the issuer http:\/\/127\.0\.0\.1:8180\/realms\/live-risk, not/);
  });

  it('takes a refresh token the provider refuses as its answer (the session ends), not as an outage', async () => {
    await expect(oidcProvider(settings).refresh('not-a-refresh-token')).resolves.toEqual({ ok: false, error: 'invalid_grant' });
  });

  it('reports a provider that cannot be reached as retriable, so the portal answers 503 and tries again', async () => {
    const nobody = createServer();
    await new Promise<void>((resolve) => nobody.listen(0, '127.0.0.1', resolve));
    const { port } = nobody.address() as AddressInfo;
    await new Promise((resolve) => nobody.close(resolve));
    const error = await oidcProvider({ ...settings, issuerUrl: `http://127.0.0.1:${port}/realms/live-risk` }).startSignIn('http://127.0.0.1/cb').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveRiskError);
    expect(error).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', retriable: true });
  });

  it('reports an issuer URL with no provider behind it as configuration to fix', async () => {
    await expect(oidcProvider({ ...settings, issuerUrl: settings.issuerUrl.replace('live-risk', 'no-such-realm') }).startSignIn('http://127.0.0.1/cb'))
      .rejects.toMatchObject({ code: 'CONFIG_INVALID', retriable: false, message: expect.stringMatching(/answered HTTP 404/) });
  });
});
