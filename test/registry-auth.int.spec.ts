import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { grantRegistryRead, revokeRegistryAccess } from '../services/agencies/registry-access';
import { topicNames } from '../services/contracts';
import { registryClientSecretFile, type Config } from '../services/platform/config';
import { pipelineClientId } from '../services/platform/keycloak-realm';
import { createRegistryClient, lookupSchemas, registerAsAdministrator, subjectFor } from '../services/platform/registry';
import { basicAuthorization, registryCredentials, type RegistryCredentials } from '../services/platform/registry-credentials';
import { isolatedConfig } from './support/test-stack';

/**
 * The registry as an agency, a live-risk process, an anonymous client and an administrator see it,
 * on the real stack with authentication on (Keycloak + Apicurio's role-based authorisation): only
 * the administrator changes anything.
 */
describe('a schema registry agencies can read and not change', () => {
  let config: Config;
  let agency: RegistryCredentials;
  let admin: RegistryCredentials;
  let subject: string;
  let schemaId: number;
  const agencyName = `test-${randomBytes(4).toString('hex')}`;
  const jsonType = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
  const newVersion = JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { extra: { type: 'string' } } }) });

  const call = async (method: string, path: string, who: RegistryCredentials | undefined, body?: string) => {
    const response = await fetch(`${config.schemaRegistryUrl}${path}`, {
      method,
      headers: { ...jsonType, ...(who ? { authorization: basicAuthorization(who) } : {}) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  };

  beforeAll(async () => {
    config = isolatedConfig();
    const names = topicNames(config.topicPrefix);
    await registerAsAdministrator(config, names);
    subject = subjectFor(names.police);
    const credentials = registryCredentials(config, 'admin');
    if (credentials === undefined) throw new Error('no administrator secret: run `live-risk stack up` (with authentication) first');
    admin = credentials;
    agency = await grantRegistryRead(config, agencyName);
    schemaId = (await call('GET', `/subjects/${subject}/versions/latest`, admin)).body?.id as number;
  });
  afterAll(async () => {
    await revokeRegistryAccess(config, agencyName);
  });

  it('gives an agency a client id and a secret it can fetch a schema with, by id and by subject', async () => {
    expect(agency.clientId).toBe(`agency-${agencyName}`);
    const bySubject = await call('GET', `/subjects/${subject}/versions/latest`, agency);
    expect(bySubject.status).toBe(200);
    expect(bySubject.body?.id).toBe(schemaId);
    const byId = await call('GET', `/schemas/ids/${schemaId}`, agency);
    expect(byId.status).toBe(200);
    expect(byId.body?.schema).toBe(bySubject.body?.schema);
  });

  it('refuses an agency a new version, a compatibility change and a deletion (403), and the subject is unchanged', async () => {
    expect((await call('POST', `/subjects/${subject}/versions`, agency, newVersion)).status).toBe(403);
    expect((await call('PUT', `/config/${subject}`, agency, JSON.stringify({ compatibility: 'NONE' }))).status).toBe(403);
    expect((await call('DELETE', `/subjects/${subject}`, agency)).status).toBe(403);
    expect((await call('GET', `/subjects/${subject}/versions`, admin)).body).toEqual([1]);
    expect((await call('GET', `/config/${subject}`, admin)).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('refuses every request without a credential, reads included (401)', async () => {
    expect((await call('GET', `/schemas/ids/${schemaId}`, undefined)).status).toBe(401);
    expect((await call('POST', `/subjects/${subject}/versions`, undefined, newVersion)).status).toBe(401);
    expect((await call('PUT', `/config/${subject}`, undefined, JSON.stringify({ compatibility: 'NONE' }))).status).toBe(401);
    expect((await call('DELETE', `/subjects/${subject}`, undefined)).status).toBe(401);
  });

  it('refuses a wrong secret (401)', async () => {
    expect((await call('GET', `/schemas/ids/${schemaId}`, { ...agency, clientSecret: `${agency.clientSecret}x` })).status).toBe(401);
  });

  it('lets the administrator register, change compatibility and delete', async () => {
    const scratch = subjectFor(`${config.topicPrefix}scratch`);
    expect((await call('POST', `/subjects/${scratch}/versions`, admin, newVersion)).status).toBe(200);
    expect((await call('PUT', `/config/${scratch}`, admin, JSON.stringify({ compatibility: 'NONE' }))).status).toBe(200);
    expect((await call('DELETE', `/subjects/${scratch}`, admin)).body).toEqual([1]);
    expect((await call('DELETE', `/subjects/${scratch}?permanent=true`, admin)).status).toBe(200);
  });

  it('tells a process that may only read to have an administrator register, both when registering and when a subject is missing', async () => {
    const asProcess: Config = {
      ...config,
      registryClient: { clientId: pipelineClientId, secretFile: registryClientSecretFile(config.stateDir, pipelineClientId) },
    };
    await expect(registerAsAdministrator(asProcess, topicNames(config.topicPrefix))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/refused live-risk-pipeline this change: it may only read/),
      hint: expect.stringMatching(/run `live-risk schemas register` as an administrator/),
    });
    const client = createRegistryClient(asProcess);
    try {
      expect(Object.keys(await lookupSchemas(client, topicNames(config.topicPrefix)))).toContain('police');
      await expect(lookupSchemas(client, topicNames(`${config.topicPrefix}unregistered.`))).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        hint: expect.stringMatching(/run `live-risk schemas register` as an administrator/),
      });
    } finally {
      client.close();
    }
  });

  it('refuses a revoked agency once its last token expires (the realm gives tokens 60 s)', async () => {
    const other = `${agencyName}-revoked`;
    const revoked = await grantRegistryRead(config, other);
    expect((await call('GET', `/schemas/ids/${schemaId}`, revoked)).status).toBe(200);
    expect(await revokeRegistryAccess(config, other)).toEqual({ revoked: true });
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 100_000) {
      await sleep(2000);
      status = (await call('GET', `/schemas/ids/${schemaId}`, revoked)).status;
    }
    expect(status).toBe(401);
    expect(await revokeRegistryAccess(config, other)).toEqual({ revoked: false });
  }, 120_000);
});
