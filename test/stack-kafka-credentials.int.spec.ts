import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig, type Config } from '../services/platform/config';
import { classifyError } from '../services/platform/classify-error';
import { kafkaClientSecurity, kafkaLogin, newSecret, principalOf, type ProcessRole } from '../services/platform/kafka-credentials';
import { upsertScramCredential } from '../services/kafka-access';
import { stackDown, stackUp } from '../services/stack';
import { freePortPair } from './support/private-kafka';

/**
 * The development Kafka once refused every live-risk login after a restart following a whole test
 * run, although the password files were unchanged (README, "Starting a development machine over").
 * Whatever puts the broker's SCRAM credentials out of step with the password files, `stack up` must
 * bring them back from the files rather than leave a developer with `stack reset` as the only way
 * out. Here the credentials are put out of step on purpose, on a Kafka of the test's own (its own
 * state dir, password files and free ports), and the stack is restarted as a developer would.
 */
describe('the stack’s own Kafka after its SCRAM credentials drifted from the password files', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'live-risk-scram-drift-'));
  let config: Config;
  const progress: string[] = [];

  const loginAs = async (role: ProcessRole): Promise<string> => {
    const kafka = new Kafka({ brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 0 }, ...kafkaClientSecurity(config, kafkaLogin(config, role)) });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return 'logged in';
    } catch (error) {
      return classifyError(error).code;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  beforeAll(async () => {
    config = loadConfig({ ...process.env, LIVE_RISK_STATE_DIR: stateDir, KAFKA_BROKERS: `127.0.0.1:${await freePortPair()}` });
    await stackUp(config, (line) => progress.push(line), { components: ['kafka'] });
  });
  afterAll(async () => {
    await stackDown(config, () => undefined, { components: ['kafka'] }).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('stack up sets them again from the password files, and every process logs in', async () => {
    // The consumers' credential first: changing the administrator's locks the administrator out.
    for (const role of ['consumers', 'admin'] as const) await upsertScramCredential(config, principalOf(role), newSecret());
    expect(await loginAs('admin')).toBe('KAFKA_NOT_AUTHORIZED');
    expect(await loginAs('consumers')).toBe('KAFKA_NOT_AUTHORIZED');

    await stackDown(config, () => undefined, { components: ['kafka'] });
    progress.length = 0;
    await stackUp(config, (line) => progress.push(line), { components: ['kafka'] });

    for (const role of ['admin', 'consumers', 'scheduler', 'portal', 'ingest'] as const) expect([role, await loginAs(role)]).toEqual([role, 'logged in']);
    // Said, not done silently, and only for the two that had drifted.
    expect(progress.filter((line) => line.includes('did not accept'))).toEqual([
      expect.stringContaining(`${principalOf('admin')} `),
      expect.stringContaining(`${principalOf('consumers')} `),
    ]);
  });
});
