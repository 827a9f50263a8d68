import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { catchUp } from '../pipelines/consumers';
import { addAgency, listAgencies, revokeAgency, revokeAgencyAccess, rotateAgency, type AgencyCredentials } from '../services/agencies';
import { authenticateApiKey } from '../services/ingest/api-keys';
import { basicAuthorization } from '../services/platform/registry-credentials';
import { cohortEventsFromRows } from '../services/cohort/cohort-events-from-rows';
import type { MatchLinked } from '../services/contracts';
import { classifyError } from '../services/platform/classify-error';
import { createKafka, highWatermarks } from '../services/platform/kafka';
import type { KafkaLogin } from '../services/platform/kafka-credentials';
import { publishEvents } from '../services/platform/publish';
import { openRuntime, type Runtime } from '../services/platform/runtime';
import { oneFamilyRows, policeEventFor } from './support/fixtures';
import { disposeRuntime, environmentFor, openIsolatedRuntime } from './support/test-stack';

/**
 * The broker of the local stack authenticates every client (SASL/SCRAM-SHA-512) and denies whatever
 * no ACL allows. Agencies are added here exactly as an operator adds them (`live-risk agency add`).
 */
describe('Kafka that knows who is talking', () => {
  let runtime: Runtime;
  let police: AgencyCredentials;
  const opened: Producer[] = [];

  const producerAs = async (login: KafkaLogin): Promise<Producer> => {
    // No retries: a refusal must surface as itself, at once.
    const producer = createKafka(runtime.config, 'kafka-auth-test', login).producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    opened.push(producer);
    await producer.connect();
    return producer;
  };
  const refusal = (work: Promise<unknown>) => work.then(() => 'allowed', (error: unknown) => classifyError(error).code);
  const policeEvent = (eventId: string) => policeEventFor(oneFamilyRows[0], eventId);

  beforeAll(async () => {
    runtime = await openIsolatedRuntime();
    await publishEvents(runtime, 'cohort', cohortEventsFromRows(oneFamilyRows, '2026-03-01T09:00:00Z'), (e) => e.familyId);
    police = await addAgency(runtime.config, 'police', ['police']);
  });
  afterAll(async () => {
    for (const producer of opened) await producer.disconnect().catch(() => undefined);
    for (const agency of await listAgencies(runtime.config)) await revokeAgencyAccess(runtime.config, agency.name, () => undefined);
    await disposeRuntime(runtime);
  });

  it('police can publish to its own topic, and what it publishes is matched', async () => {
    const producer = await producerAs(police.kafka);
    await publishEvents({ ...runtime, producer }, 'police', [policeEvent('AUTH-OK-1')], (event) => event.eventId);
    await catchUp(runtime);
    const matches = await runtime.db('matches').select('family_id');
    expect(matches.map((row) => row.family_id)).toEqual([oneFamilyRows[0].familyId]);
  });

  it('police cannot write to the health topic, nor forge a match that would show as a HIGH digest item', async () => {
    const producer = await producerAs(police.kafka);
    // A copy of a real link with a new id: what a forger would send to put a family in a digest.
    const real = (await runtime.db('matches').first('payload')) as { payload: MatchLinked };
    const forged: MatchLinked = { ...real.payload, matchId: 'forged-1' };
    const before = await highWatermarks(await connectedAdmin(), runtime.topics.matches);
    expect(await refusal(producer.send({ topic: runtime.topics.health, messages: [{ key: 'k', value: JSON.stringify(policeEvent('AUTH-X-1')) }] }))).toBe('KAFKA_NOT_AUTHORIZED');
    expect(await refusal(producer.send({ topic: runtime.topics.matches, messages: [{ key: forged.familyId, value: JSON.stringify(forged) }] }))).toBe('KAFKA_NOT_AUTHORIZED');
    expect(await highWatermarks(await connectedAdmin(), runtime.topics.matches)).toEqual(before);
  });

  it('police cannot read any topic, not even its own', async () => {
    // kcat, as an agency would use it: a plain fetch (no consumer group), so the refusal is the topic's own.
    const dir = mkdtempSync(join(tmpdir(), 'kafka-auth-'));
    const properties = join(dir, 'police.conf');
    writeFileSync(properties, `security.protocol=SASL_PLAINTEXT\nsasl.mechanisms=SCRAM-SHA-512\nsasl.username=${police.kafka.username}\nsasl.password=${police.kafka.password}\n`, { mode: 0o600 });
    try {
      for (const topic of [runtime.topics.police, runtime.topics.health, runtime.topics.matches]) {
        const read = await kcat(['-F', properties, '-b', runtime.config.kafkaBrokers.join(','), '-C', '-t', topic, '-o', 'beginning', '-e']);
        expect(read).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('Topic authorization failed') });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Nor through a consumer group: it may not even look one up.
    const kafka = createKafka(runtime.config, 'kafka-auth-test', police.kafka);
    const consumer = kafka.consumer({ groupId: `${runtime.config.topicPrefix}live-risk.stolen`, retry: { retries: 0, restartOnFailure: async () => false } });
    const joined = new Promise((resolve, reject) => {
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      consumer.on(consumer.events.GROUP_JOIN, resolve);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [runtime.topics.police], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    // kafkajs reports the group authorization failure of FindCoordinator as "coordinator not found".
    await expect(joined).rejects.toThrow(/group coordinator/);
    await consumer.disconnect();
    // Nor even the offsets of another agency's topic: Describe is granted on its own topic only.
    const admin = kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    expect(await refusal(admin.fetchTopicOffsets(runtime.topics.health))).toBe('KAFKA_NOT_AUTHORIZED');
    await admin.disconnect();
  });

  it('a wrong password, and a client with no credentials at all, are refused', async () => {
    expect(await refusal(producerAs({ username: police.kafka.username, password: `${police.kafka.password}x` }))).toBe('KAFKA_NOT_AUTHORIZED');
    const anonymous = new Kafka({ brokers: [...runtime.config.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    // A SASL listener closes a connection that skips the handshake; kafkajs reports the closed connection.
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect().catch(() => undefined);
  });

  it('a rotated secret replaces the old one, and a revoked agency can no longer log in', async () => {
    const housing = await addAgency(runtime.config, 'riverside-homes', ['housing', 'health']);
    const rotated = await rotateAgency(runtime.config, 'riverside-homes');
    expect(rotated.kafka.password).not.toBe(housing.kafka.password);
    expect(await refusal(producerAs(housing.kafka))).toBe('KAFKA_NOT_AUTHORIZED');
    const producer = await producerAs(rotated.kafka);
    expect(await refusal(producer.send({ topic: runtime.topics.health, messages: [{ key: 'k', value: 'not an event' }] }))).toBe('allowed');

    await revokeAgency(runtime.config, 'riverside-homes');
    expect(await refusal(producerAs(rotated.kafka))).toBe('KAFKA_NOT_AUTHORIZED');
    expect((await listAgencies(runtime.config)).map((agency) => agency.name)).not.toContain('riverside-homes');
  });

  it('agency add writes its secrets to new 0600 files (Kafka, registry, API key), revoke withdraws them all, and agency list shows each agency of this prefix with the topics it may write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-auth-'));
    try {
      const secretFile = join(dir, 'nhs-trust.secret');
      const added = await cli('agency', 'add', 'nhs-trust', '--topic', 'health', '--https', '--secret-file', secretFile);
      expect(added.code).toBe(0);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const secret = readFileSync(secretFile, 'utf8').trim();
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(added.stdout).not.toContain(secret);
      await producerAs({ username: `${runtime.config.topicPrefix}agency-nhs-trust`, password: secret });
      // Beside it, the read-only registry client's secret and the ingest API key (--https), each 0600 and not printed.
      for (const file of [`${secretFile}.registry`, `${secretFile}.api-key`]) {
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(added.stdout).not.toContain(readFileSync(file, 'utf8').trim());
      }
      const registryLogin = basicAuthorization({ clientId: 'agency-nhs-trust', clientSecret: readFileSync(`${secretFile}.registry`, 'utf8').trim() });
      const subjects = await fetch(`${runtime.config.schemaRegistryUrl}/subjects`, { headers: { authorization: registryLogin } });
      expect(subjects.status).toBe(200);
      const apiKey = `Bearer ${readFileSync(`${secretFile}.api-key`, 'utf8').trim()}`;
      expect(await authenticateApiKey(runtime.db, apiKey)).toEqual({ keyId: expect.any(String), agency: 'health' });

      const revoked = await cli('agency', 'revoke', 'nhs-trust');
      expect(revoked.stdout).toContain('1 ingest API key(s) removed');
      expect(await authenticateApiKey(runtime.db, apiKey)).toBeUndefined();
      expect(await refusal(producerAs({ username: `${runtime.config.topicPrefix}agency-nhs-trust`, password: secret }))).toBe('KAFKA_NOT_AUTHORIZED');
      await cli('agency', 'add', 'nhs-trust', '--topic', 'health');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const listed = await cli('agency', 'list', '--format', 'json');
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'nhs-trust', principal: `${runtime.config.topicPrefix}agency-nhs-trust`, topics: ['health'], topicNames: [runtime.topics.health] },
      { name: 'police', principal: `${runtime.config.topicPrefix}agency-police`, topics: ['police'], topicNames: [runtime.topics.police] },
    ]);
    const again = await cli('agency', 'add', 'police', '--topic', 'police');
    expect(again).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining('agency police exists already') });
  });

  it('the consumers do their work as their own principal, and the portal may not publish what the consumers decide', async () => {
    const producer = await producerAs(police.kafka);
    await publishEvents({ ...runtime, producer }, 'police', [policeEvent('AUTH-OK-2')], (event) => event.eventId);
    const consumers = await openRuntime(runtime.config, 'kafka-auth-consumers', 'consumers');
    try {
      await catchUp(consumers);
    } finally {
      await consumers.close();
    }
    expect(await runtime.db('matches').count({ n: '*' }).first()).toEqual({ n: '2' });
    const portal = createKafka(runtime.config, 'kafka-auth-portal', 'portal').producer({ createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 0 } });
    opened.push(portal);
    await portal.connect();
    expect(await refusal(portal.send({ topic: runtime.topics.matches, messages: [{ key: 'k', value: 'x' }] }))).toBe('KAFKA_NOT_AUTHORIZED');
  });

  const admins: Array<ReturnType<Kafka['admin']>> = [];
  async function connectedAdmin() {
    const admin = runtime.kafka.admin();
    admins.push(admin);
    await admin.connect();
    return admin;
  }
  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [join(__dirname, '..', 'bin', 'live-risk.cjs'), ...args], { env: environmentFor(runtime.config) }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }
  /** Runs kcat (Debian package kcat), which the integration tests need as an agency's own client. */
  function kcat(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile('kcat', ['-q', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }
  afterAll(async () => {
    for (const admin of admins) await admin.disconnect().catch(() => undefined);
  });
});
