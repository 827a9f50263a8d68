import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { loadConfig, type Config } from '../services/platform/config';
import { kafkaClientSecurity, kafkaLogin } from '../services/platform/kafka-credentials';
import { isAlive } from '../services/stack/processes';
import { stackDown, stackUp } from '../services/stack';
import { stackPaths } from '../services/stack/paths';
import { writePid } from '../services/stack/processes';
import { freePort, freePortPair } from './support/private-kafka';

/**
 * `live-risk stack reset` through the CLI, without touching the shared stack: a Kafka of the
 * test's own (started by `stackUp` on free ports, with its own state dir), scratch databases on the
 * shared PostgreSQL, and a registry and mail sink that are not running. What it covers: the
 * refusals, stopping only our own process (a live process named in a pid file we did not write
 * survives), deleting Kafka's data, dropping the databases and the idle scratch ones, and an empty
 * Kafka at the next start. Not covered: stopping a registry or mail sink of our own (`stack down`
 * does that, the same code), and the prompt at a terminal (unit-tested in reset-plan.unit.spec.ts).
 */
const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

describe('live-risk stack reset', () => {
  const shared = loadConfig();
  const suffix = randomBytes(5).toString('hex');
  const stateDir = mkdtempSync(join(tmpdir(), 'live-risk-reset-'));
  const databaseUrl = (name: string) => Object.assign(new URL(shared.databaseUrl), { pathname: `/${name}` }).toString();
  const project = `live_risk_test_${suffix}`;
  const registryDatabase = `${project}_registry`;
  const idleScratch = `${project}_test_idle`;
  const busyScratch = `${project}_test_busy`;
  let env: NodeJS.ProcessEnv;
  let config: Config;
  let maintenance: Client;
  let busyHolder: Client;
  let stranger: ChildProcess;
  const progress: string[] = [];

  const run = (args: readonly string[], environment: NodeJS.ProcessEnv = env): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environment }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const databases = async (): Promise<string[]> =>
    (await maintenance.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [project])).rows.map((row) => row.datname).sort();
  // As the administrator the test's stack wrote into its own state dir: the broker authenticates every client.
  const kafkaAdmin = () => new Kafka({ clientId: 'reset-e2e', brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING, ...kafkaClientSecurity(config, kafkaLogin(config, 'admin')) }).admin();

  beforeAll(async () => {
    env = {
      ...process.env,
      LIVE_RISK_STATE_DIR: stateDir,
      KAFKA_BROKERS: `127.0.0.1:${await freePortPair()}`,
      // Nothing answers on these: no registry or mail sink of this test's is running.
      SCHEMA_REGISTRY_URL: `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`,
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      DATABASE_URL: databaseUrl(project),
      REGISTRY_DATABASE_URL: databaseUrl(registryDatabase),
    };
    config = loadConfig(env);
    await stackUp(config, (line) => progress.push(line), { components: ['kafka'] }); // creates both databases too
    const admin = kafkaAdmin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'reset-probe' }], waitForLeaders: true });
    await admin.disconnect();

    maintenance = new Client({ connectionString: databaseUrl('postgres') });
    await maintenance.connect();
    for (const name of [idleScratch, busyScratch]) await maintenance.query(`create database "${name}"`);
    busyHolder = new Client({ connectionString: databaseUrl(busyScratch), application_name: 'reset-e2e-busy' });
    await busyHolder.connect();
    // A live process that is not ours, named in the registry's pid file (a pid reused by the OS).
    stranger = spawn('sleep', ['300'], { stdio: 'ignore' });
    writePid(stackPaths(config).registry.pid, stranger.pid as number);
  }, 300_000);

  afterAll(async () => {
    await stackDown(config, () => undefined, { components: ['kafka'] }).catch(() => undefined);
    stranger?.kill();
    await busyHolder?.end().catch(() => undefined);
    for (const name of await databases().catch(() => [])) await maintenance.query(`drop database if exists "${name}" with (force)`);
    await maintenance?.end();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it('refuses without --yes when not on a terminal, and removes nothing', async () => {
    const result = await run(['stack', 'reset']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to reset without a confirmation/);
    expect(result.stderr).toMatch(/add --yes/);
    expect(result.stderr).toContain(`drop database ${project} on`);
    expect(existsSync(stackPaths(config).kafka.dataDir)).toBe(true);
    expect(await databases()).toEqual([project, registryDatabase, busyScratch, idleScratch].sort());
  });

  it('refuses a database on another machine even with --yes, before connecting to anything', async () => {
    const result = await run(['stack', 'reset', '--yes'], { ...env, DATABASE_URL: 'postgres://postgres@db.council.example:5432/live_risk' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL is on db\.council\.example, not on this machine/);
  });

  it('refuses while someone is connected to the project database, naming the session', async () => {
    const holder = new Client({ connectionString: databaseUrl(project), application_name: 'reset-e2e-holder' });
    await holder.connect();
    try {
      const result = await run(['stack', 'reset', '--yes']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`${project}: pid \\d+ reset-e2e-holder`));
    } finally {
      await holder.end();
    }
    expect(await databases()).toContain(project);
  });

  it('refuses a running Kafka it did not start, here the shared one, even with --yes', async () => {
    // A state dir of its own, so no pid file there names a Kafka of ours.
    const elsewhere = mkdtempSync(join(tmpdir(), 'live-risk-reset-other-'));
    const result = await run(['stack', 'reset', '--yes'], { ...env, LIVE_RISK_STATE_DIR: elsewhere, KAFKA_BROKERS: shared.kafkaBrokers.join(',') });
    rmSync(elsewhere, { recursive: true, force: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/kafka at .* is running but was not started by live-risk/);
    expect(result.stderr).toMatch(/docker compose down -v/);
  });

  it('stops the Kafka it started, deletes its data, drops the databases and says so; the next stack up starts empty', async () => {
    const admin = kafkaAdmin();
    await admin.connect();
    const { clusterId: before } = await admin.describeCluster();
    await admin.disconnect();
    const kafkaPid = Number((await run(['stack', 'status'])).stdout.match(/kafka\s+running \(started by live-risk, pid (\d+)\)/)?.[1]);
    expect(kafkaPid).toBeGreaterThan(0);

    const result = await run(['stack', 'reset', '--yes', '--test-databases']);
    expect(result.stderr).not.toMatch(/live-risk:/);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        `stopped kafka (pid ${kafkaPid})`,
        `removed Kafka's data: ${stackPaths(config).kafka.dataDir}`,
        expect.stringMatching(new RegExp(`^dropped database ${project} on 127\\.0\\.0\\.1:\\d+$`)),
        expect.stringMatching(new RegExp(`^dropped database ${registryDatabase} on `)),
        `dropped test database ${idleScratch}`,
        `kept test database ${busyScratch}: 1 session(s) connected`,
      ]),
    );
    expect(isAlive(kafkaPid)).toBe(false);
    expect(existsSync(stackPaths(config).kafka.dataDir)).toBe(false);
    expect(await databases()).toEqual([busyScratch]);
    // Only processes whose pid files we wrote are stopped: the stranger runs on, its pid file is gone.
    expect(isAlive(stranger.pid as number)).toBe(true);
    expect(existsSync(stackPaths(config).registry.pid)).toBe(false);

    await stackUp(config, (line) => progress.push(line), { components: ['kafka'] });
    const fresh = kafkaAdmin();
    await fresh.connect();
    try {
      expect((await fresh.listTopics()).filter((topic) => !topic.startsWith('__'))).toEqual([]);
      expect((await fresh.describeCluster()).clusterId).not.toBe(before);
    } finally {
      await fresh.disconnect();
    }
    expect(await databases()).toEqual([project, busyScratch, registryDatabase].sort());
  }, 300_000);
});
