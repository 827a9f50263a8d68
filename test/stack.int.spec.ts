import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import '../services/platform/kafkajs-request-queue';
import { loadConfig } from '../services/platform/config';
import { basicAuthorization, registryCredentials } from '../services/platform/registry-credentials';
import { stackDown, stackStatus, stackUp } from '../services/stack';
import { kafkaClientSecurity, kafkaLogin } from '../services/platform/kafka-credentials';

/**
 * Runs against the real local stack (Kafka, Apicurio Registry, PostgreSQL). It brings the stack up
 * if needed and leaves it running, because every other integration test needs it too.
 */
const config = loadConfig();
const progressLines: string[] = [];
const collect = (line: string) => progressLines.push(line);
const unique = () => randomUUID().slice(0, 8);

/**
 * The registry's Confluent-compatible API; the content type the Confluent clients send; as the
 * administrator when the registry has authentication (its secret is read once `stack up` wrote it).
 */
const registryRequest = (path: string, init: RequestInit = {}) => {
  const admin = registryCredentials(config, 'admin');
  return fetch(`${config.schemaRegistryUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json', ...(admin ? { authorization: basicAuthorization(admin) } : {}), ...init.headers },
  });
};

describe('the local stack', () => {
  beforeAll(async () => {
    // A first run on a fresh machine fetches Kafka and Apicurio from Maven Central.
    await stackUp(config, collect);
  }, 600_000);

  it('reports Kafka, Keycloak, the registry and PostgreSQL as running once it is up', async () => {
    const status = await stackStatus(config);

    for (const component of [status.kafka, status.keycloak, status.registry, status.postgres]) {
      expect(component.running).toBe(true);
      expect(component.startedBy).not.toBeNull();
    }
    expect(status.postgres.startedBy).toBe('external');
    if (status.kafka.startedBy === 'us') {
      expect(status.kafka.pid).toEqual(expect.any(Number));
      expect(status.kafka.logPath).toMatch(/kafka\.log$/);
    }
  });

  it('does nothing, quickly, when brought up a second time', async () => {
    const before = await stackStatus(config);
    const lines: string[] = [];
    const started = Date.now();

    const after = await stackUp(config, (line) => lines.push(line));

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(after.kafka.pid).toBe(before.kafka.pid);
    expect(after.registry.pid).toBe(before.registry.pid);
    expect(lines.filter((line) => /^(starting|fetching)/.test(line))).toEqual([]);
  }, 30_000);

  it('lets a kafkajs admin create a topic and then lists it', async () => {
    const admin = new Kafka({
      clientId: 'stack-int-test',
      brokers: [...config.kafkaBrokers],
      logLevel: logLevel.NOTHING,
      // The stack's Kafka authenticates every client; the administrator may create topics.
      ...kafkaClientSecurity(config, kafkaLogin(config, 'admin')),
    }).admin();
    const topic = `stack-test-${unique()}`;
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });

      expect(await admin.listTopics()).toContain(topic);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 60_000);

  it('still resolves a registered schema id after the registry restarts', async () => {
    const subject = `stack-test-${unique()}-value`;
    // A field name unique to this run, so the content (and therefore the id) is new every time.
    const schema = {
      type: 'record',
      name: 'StackProbe',
      namespace: 'live_risk.test',
      fields: [{ name: `field_${unique()}`, type: 'string' }],
    };
    const registered = await registryRequest(`/subjects/${subject}/versions`, {
      method: 'POST',
      body: JSON.stringify({ schema: JSON.stringify(schema) }),
    });
    try {
      expect(registered.status).toBe(200);
      const { id } = (await registered.json()) as { id: number };

      const status = await stackStatus(config);
      if (status.registry.startedBy === 'us') {
        await stackDown(config, collect, { components: ['registry'] });
        expect((await stackStatus(config)).registry.running).toBe(false);
        await stackUp(config, collect, { components: ['registry'] });
      } else {
        // An external registry (e.g. docker compose) is not ours to restart; the lookup still runs.
        console.warn('the registry is external, so this test could not restart it');
      }

      const resolved = await registryRequest(`/schemas/ids/${id}`);
      expect(resolved.status).toBe(200);
      const body = (await resolved.json()) as { schema: string };
      expect(JSON.parse(body.schema)).toEqual(schema);
    } finally {
      // Even after a failure: the registry must come back for the other tests, and stay tidy.
      await stackUp(config, collect, { components: ['registry'] });
      await registryRequest(`/subjects/${subject}`, { method: 'DELETE' });
      await registryRequest(`/subjects/${subject}?permanent=true`, { method: 'DELETE' });
    }
  }, 300_000);
});
