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
});
