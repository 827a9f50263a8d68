import { defaultGroupRoles } from './config-portal-sign-in';
import { redirectUris } from './keycloak-browser-clients';
import { adminClientId, agencyClient, liveRiskRealm, pipelineClientId, registryRoles } from './keycloak-realm';

describe('the live-risk realm as data', () => {
  const defined = liveRiskRealm.roles.map((role) => role.name);

  it('defines every role a client or group is given', () => {
    const used = [...liveRiskRealm.serviceClients, ...liveRiskRealm.groups].flatMap((holder) => holder.realmRoles);
    expect(used.filter((role) => !defined.includes(role))).toEqual([]);
  });

  it('gives the administrator role to the administrators\' client only, and every other client read-only', () => {
    for (const client of liveRiskRealm.serviceClients) {
      expect(client.realmRoles).toEqual(client.clientId === adminClientId ? [registryRoles.admin] : [registryRoles.readonly]);
    }
    expect(liveRiskRealm.serviceClients.map((client) => client.clientId)).toContain(pipelineClientId);
  });

  it('makes an agency a read-only client named after it', () => {
    expect(agencyClient('police')).toMatchObject({ clientId: 'agency-police', realmRoles: [registryRoles.readonly] });
  });

  it('has a group for each portal role by default, holding no registry role', () => {
    for (const { group } of defaultGroupRoles) expect(liveRiskRealm.groups).toContainEqual({ name: group, realmRoles: [] });
  });

  it('lets the portal sign-in client return to PORTAL_URL and to loopback on any port, and nowhere else', () => {
    expect(redirectUris('https://live-risk.council.example/', ['/sign-in/oidc/callback'])).toEqual([
      'https://live-risk.council.example/sign-in/oidc/callback',
      'http://127.0.0.1/sign-in/oidc/callback',
    ]);
    expect(redirectUris('http://127.0.0.1', ['/sign-in'])).toEqual(['http://127.0.0.1/sign-in']);
  });

  it('declares the practitioner_id attribute its sign-in client puts in tokens', () => {
    const declared = liveRiskRealm.userProfileAttributes.map((attribute) => attribute.name);
    for (const client of liveRiskRealm.browserClients) for (const { attribute } of client.attributeClaims) expect(declared).toContain(attribute);
  });
});
