import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LiveRiskError } from './errors';

/**
 * Every environment variable live-risk reads, validated once at start-up. Code below this layer
 * receives a typed `Config` and never touches process.env.
 */
const hostPort = z
  .string()
  .regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port, for example 127.0.0.1:9092');

const environmentSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(hostPort).min(1)),
  SCHEMA_REGISTRY_URL: z
    .url({ message: 'expected a URL such as http://127.0.0.1:8081/apis/ccompat/v7' })
    .default('http://127.0.0.1:8081/apis/ccompat/v7'),
  DATABASE_URL: z
    .url({ message: 'expected a PostgreSQL URL such as postgres://postgres@127.0.0.1:5432/live_risk' })
    .default('postgres://postgres@127.0.0.1:5432/live_risk'),
  REGISTRY_DATABASE_URL: z
    .url({ message: 'expected a PostgreSQL URL for the schema registry storage' })
    .default('postgres://postgres@127.0.0.1:5432/live_risk_registry'),
  LIVE_RISK_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/, 'use lower-case letters, digits, dots, dashes and underscores')
    .default(''),
  LIVE_RISK_STATE_DIR: z.string().min(1).default(join(homedir(), '.local', 'state', 'live-risk')),
  LIVE_RISK_CACHE_DIR: z.string().min(1).default(join(homedir(), '.cache', 'live-risk')),
  KAFKA_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/).default('3.9.1'),
  APICURIO_VERSION: z.string().regex(/^\d+\.\d+\.\d+/).default('3.0.9'),
});

export type Config = Readonly<{
  kafkaBrokers: readonly string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  registryDatabaseUrl: string;
  topicPrefix: string;
  stateDir: string;
  cacheDir: string;
  kafkaVersion: string;
  apicurioVersion: string;
}>;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new LiveRiskError('CONFIG_INVALID', `invalid configuration:\n${problems}`, {
      hint: 'fix or unset the environment variables above (see "Configuration" in README.md)',
    });
  }
  const env = parsed.data;
  return {
    kafkaBrokers: env.KAFKA_BROKERS,
    schemaRegistryUrl: env.SCHEMA_REGISTRY_URL.replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL,
    registryDatabaseUrl: env.REGISTRY_DATABASE_URL,
    topicPrefix: env.LIVE_RISK_TOPIC_PREFIX,
    stateDir: env.LIVE_RISK_STATE_DIR,
    cacheDir: env.LIVE_RISK_CACHE_DIR,
    kafkaVersion: env.KAFKA_VERSION,
    apicurioVersion: env.APICURIO_VERSION,
  };
}
