import { loadConfig } from './config';
import { LiveRiskError } from './errors';

describe('configuration', () => {
  it('defaults to the local stack on loopback', () => {
    const config = loadConfig({});
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(config.schemaRegistryUrl).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/live_risk');
  });

  it('names the variable that is wrong and what it should look like', () => {
    let caught: unknown;
    try {
      loadConfig({ KAFKA_BROKERS: 'localhost' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LiveRiskError);
    expect((caught as LiveRiskError).code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).toMatch(/KAFKA_BROKERS.*host:port/);
  });

  it('takes the registry client and its secret file, defaulting the file to the state dir, and refuses a secret file alone', () => {
    expect(loadConfig({}).registryClient).toBeUndefined();
    expect(loadConfig({ LIVE_RISK_STATE_DIR: '/srv/lr', REGISTRY_CLIENT_ID: 'live-risk-portal' }).registryClient).toEqual({
      clientId: 'live-risk-portal',
      secretFile: '/srv/lr/registry-clients/live-risk-portal.secret',
    });
    expect(() => loadConfig({ REGISTRY_CLIENT_SECRET_FILE: '/srv/secret' })).toThrow(/REGISTRY_CLIENT_SECRET_FILE: set REGISTRY_CLIENT_ID too/);
    expect(() => loadConfig({ REGISTRY_CLIENT_ID: 'bad id' })).toThrow(/REGISTRY_CLIENT_ID: expected a client id/);
    expect(() => loadConfig({ KEYCLOAK_URL: 'not a url' })).toThrow(/KEYCLOAK_URL: expected the Keycloak base URL/);
    expect(loadConfig({}).keycloak.url).toBe('http://127.0.0.1:8180');
  });

  it("takes the portal's trusted proxies as addresses or CIDR ranges, loopback by default, and refuses anything else", () => {
    expect(loadConfig({}).portalTrustedProxies).toEqual(['127.0.0.1', '::1']);
    expect(loadConfig({ PORTAL_TRUSTED_PROXIES: '10.0.0.5, 10.1.0.0/16' }).portalTrustedProxies).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(loadConfig({ PORTAL_TRUSTED_PROXIES: 'none' }).portalTrustedProxies).toEqual([]);
    expect(() => loadConfig({ PORTAL_TRUSTED_PROXIES: 'proxy.council.example' })).toThrow(/PORTAL_TRUSTED_PROXIES: expected a comma-separated list/);
  });

  it('takes the matcher thresholds as probabilities, and refuses a review threshold above the link threshold', () => {
    expect(loadConfig({}).matchThresholds).toEqual({ linkProbability: 0.99, reviewProbability: 0.5 });
    expect(loadConfig({ MATCH_LINK_PROBABILITY: '0.999', MATCH_REVIEW_PROBABILITY: '0.8' }).matchThresholds).toEqual({ linkProbability: 0.999, reviewProbability: 0.8 });
    expect(() => loadConfig({ MATCH_LINK_PROBABILITY: '0.9', MATCH_REVIEW_PROBABILITY: '0.95' })).toThrow(/MATCH_REVIEW_PROBABILITY: must not be above MATCH_LINK_PROBABILITY/);
    expect(() => loadConfig({ MATCH_LINK_PROBABILITY: '1' })).toThrow(/MATCH_LINK_PROBABILITY: expected a probability between 0 and 1/);
  });

  it('takes LOG_LEVEL as debug, info, warn or error, warn when unset, and refuses anything else by name', () => {
    expect(loadConfig({}).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL: expected one of debug, info, warn, error/);
    expect(() => loadConfig({ LOG_LEVEL: 'INFO' })).toThrow(/LOG_LEVEL/);
  });

  it('keeps local passwords alone unless PORTAL_SIGN_IN asks for the identity provider', () => {
    expect(loadConfig({}).portalSignIn).toEqual({ method: 'password', oidc: undefined });
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'saml' })).toThrow(/PORTAL_SIGN_IN: expected 'password'.*'oidc'.*'both'/);
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://login.microsoftonline.com/t/v2.0' })).toThrow(/PORTAL_SIGN_IN: OIDC_ISSUER_URL or OIDC_CLIENT_ID is set: set PORTAL_SIGN_IN to oidc or both/);
  });

  it('defaults OIDC to the development realm, its client and the secret stack up writes, with the six default groups', () => {
    expect(loadConfig({ PORTAL_SIGN_IN: 'both', LIVE_RISK_STATE_DIR: '/srv/lr' }).portalSignIn).toEqual({
      method: 'both',
      oidc: {
        issuerUrl: 'http://127.0.0.1:8180/realms/live-risk',
        discoveryUrl: undefined,
        clientId: 'live-risk-portal-sign-in',
        clientSecretFile: '/srv/lr/registry-clients/live-risk-portal-sign-in.secret',
        groupRoles: [
          { group: 'lead-practitioners', role: 'lead-practitioner' },
          { group: 'team-managers', role: 'team-manager' },
          { group: 'reviewers', role: 'reviewer' },
          { group: 'ig-officers', role: 'ig-officer' },
          { group: 'school-dsls', role: 'school-dsl' },
          { group: 'encompass-team', role: 'encompass-council' },
        ],
        recheckSeconds: 300,
      },
    });
  });

  it('takes a council\'s provider, group map and recheck interval, and says what is wrong with each', () => {
    const oidc = loadConfig({
      PORTAL_SIGN_IN: 'oidc', OIDC_ISSUER_URL: 'https://login.microsoftonline.com/tenant/v2.0/', OIDC_CLIENT_ID: 'a1b2c3d4-0000-4000-8000-000000000001',
      OIDC_CLIENT_SECRET_FILE: '/run/secrets/oidc', OIDC_GROUP_ROLES: 'g-1=lead-practitioner,g-2=ig-officer', OIDC_RECHECK_SECONDS: '60',
    }).portalSignIn.oidc;
    expect(oidc).toMatchObject({ issuerUrl: 'https://login.microsoftonline.com/tenant/v2.0', clientSecretFile: '/run/secrets/oidc', recheckSeconds: 60 });
    expect(oidc?.groupRoles).toEqual([{ group: 'g-1', role: 'lead-practitioner' }, { group: 'g-2', role: 'ig-officer' }]);
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'oidc', OIDC_ISSUER_URL: 'http://idp.council.example/realms/x' })).toThrow(/OIDC_ISSUER_URL: expected https/);
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'oidc', OIDC_GROUP_ROLES: 'managers=manager' })).toThrow(/OIDC_GROUP_ROLES: "manager" is not a portal role; expected one of lead-practitioner, team-manager, reviewer, ig-officer/);
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'oidc', OIDC_GROUP_ROLES: 'managers' })).toThrow(/OIDC_GROUP_ROLES: "managers" is not group=role/);
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'oidc', OIDC_DISCOVERY_URL: 'http://keycloak:8080/realms/live-risk' })).toThrow(/OIDC_DISCOVERY_URL: expected a URL of the provider's metadata document/);
    expect(() => loadConfig({ PORTAL_SIGN_IN: 'oidc', OIDC_RECHECK_SECONDS: '86400' })).toThrow(/OIDC_RECHECK_SECONDS: expected at most 3600 seconds/);
  });
});
