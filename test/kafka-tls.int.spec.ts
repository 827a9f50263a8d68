import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLevel, Kafka } from 'kafkajs';
import { loadConfig, type Config } from '../services/platform/config';
import { classifyError } from '../services/platform/classify-error';
import { createKafka } from '../services/platform/kafka';
import { kafkaComponent } from '../services/stack/components';
import { bringDown, bringUp } from '../services/stack/lifecycle';
import { freePortPair } from './support/private-kafka';

/**
 * SASL_SSL as a council would run it, with certificates of its own: a throw-away CA made with
 * openssl signs the broker's certificate (a PEM key store), the stack starts a private broker with
 * it, and clients trust that CA through KAFKA_SSL_CA_FILE. The broker still authenticates with SCRAM.
 */
describe('Kafka over TLS with the council’s own certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-tls-'));
  let config: Config;

  beforeAll(async () => {
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=live-risk test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'broker.key', '-out', 'broker.csr');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl('x509', '-req', '-in', 'broker.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', 'broker.crt', '-extfile', 'san.ext');
    // Kafka's PEM key store: the private key (PKCS#8) followed by the certificate chain, in one file.
    const key = openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'broker.key').toString();
    writeFileSync(join(dir, 'broker.pem'), key + readFileSync(join(dir, 'broker.crt'), 'utf8'));
    config = loadConfig({
      ...process.env,
      KAFKA_BROKERS: `127.0.0.1:${await freePortPair()}`,
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SSL_CA_FILE: join(dir, 'ca.pem'),
      KAFKA_SSL_KEYSTORE_FILE: join(dir, 'broker.pem'),
    });
    // Its own state dir (storage, logs); the credentials are the usual development ones.
    config = { ...config, stateDir: join(dir, 'state') };
    const component = kafkaComponent(config);
    await component.fetch(() => undefined);
    await bringUp(component, () => undefined);
  });
  afterAll(async () => {
    await bringDown(kafkaComponent(config), () => undefined).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves SASL_SSL to a client that trusts the CA, and refuses one that does not', async () => {
    const admin = createKafka(config, 'tls-test').admin();
    await admin.connect();
    const topic = `tls-${Date.now()}`;
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    expect(await admin.listTopics()).toContain(topic);
    await admin.disconnect();

    // The same login without the council's CA: the system's CAs do not know it.
    const untrusting = new Kafka({ brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'x', password: 'y' } }).admin();
    await expect(untrusting.connect()).rejects.toThrow(/certificate/);
    // And a plaintext client gets nothing from a TLS listener.
    const plain = new Kafka({ brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 3000, requestTimeout: 3000 }).admin();
    const attempt = await plain.connect().then(() => plain.listTopics()).then(() => 'allowed', (error: unknown) => classifyError(error).code);
    expect(attempt).not.toBe('allowed');
    await plain.disconnect().catch(() => undefined);
  });
});
