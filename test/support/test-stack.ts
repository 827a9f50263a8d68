import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../services/platform/config';
import { topicNames } from '../../services/contracts';
import { registerAsAdministrator } from '../../services/platform/registry';
import { revokePrefixAcls } from '../../services/kafka-access';
import { openRuntime, type Runtime } from '../../services/platform/runtime';
import { createFromTemplate } from './template-database';

/**
 * Each integration test gets its own topics (a random prefix, so its own registry subjects and
 * consumer groups too) and its own PostgreSQL database, on the real local stack. Tests never see each
 * other's messages or rows, and a failed test leaves nothing behind that breaks the next. The
 * database starts as a copy of a migrated template (template-database.ts).
 */
export function isolatedConfig(): Config {
  const base = loadConfig();
  const suffix = randomBytes(5).toString('hex');
  const databaseUrl = new URL(base.databaseUrl);
  databaseUrl.pathname = `/live_risk_test_${suffix}`;
  return { ...base, topicPrefix: `test-${suffix}.`, databaseUrl: databaseUrl.toString() };
}

/** The environment a `live-risk` child process needs to use the same isolated topics and database. */
export function environmentFor(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LIVE_RISK_TOPIC_PREFIX: config.topicPrefix,
    DATABASE_URL: config.databaseUrl,
    KAFKA_BROKERS: config.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: config.schemaRegistryUrl,
  };
}

export async function openIsolatedRuntime(): Promise<Runtime> {
  return openTestRuntime(isolatedConfig());
}

/**
 * A process only looks its schemas up; the test's fresh topics get theirs registered first, as an
 * administrator would (the development admin client when the registry has authentication on).
 */
export async function openTestRuntime(config: Config): Promise<Runtime> {
  await createFromTemplate(config.databaseUrl);
  await registerAsAdministrator(config, topicNames(config.topicPrefix));
  return openRuntime(config, 'live-risk-test');
}

/** Closes the runtime, deletes the test's topics and their ACLs and drops its database. */
export async function disposeRuntime(runtime: Runtime): Promise<void> {
  const admin = runtime.kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(runtime.topics) }).catch(() => undefined);
  // The ACLs the administrator's runtime granted for this prefix (and any agency's), so they do not pile up.
  await revokePrefixAcls(admin, runtime.topics, runtime.config.topicPrefix).catch(() => undefined);
  await admin.disconnect();
  await runtime.close();
  const maintenance = new URL(runtime.config.databaseUrl);
  const name = maintenance.pathname.slice(1);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}
