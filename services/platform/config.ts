import { homedir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { LiveRiskError } from './errors';
import { logLevels, type LogLevel } from './logger';
import { oidcNeedsSignInMethod, portalSignIn, portalSignInEnvironment, type PortalSignIn } from './config-portal-sign-in';
import { urgentConfig, urgentEnvironment, type UrgentConfig } from './config-urgent';
import { registryClientSecretFile } from './secret-files';

/**
 * Every environment variable live-risk reads, validated once at start-up. Code below this layer
 * receives a typed `Config` and never touches process.env.
 */
const hostPort = z
  .string()
  .regex(/^[^\s:,]+:\d{1,5}$/, 'expected host:port, for example 127.0.0.1:9092');

/** Keycloak client ids we create or name: letters, digits, dots, dashes and underscores. */
const clientId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'expected a client id of letters, digits, dots, dashes and underscores');

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
  // Kafka authentication (see README, "Authentication and access control (Kafka)").
  KAFKA_SECURITY_PROTOCOL: z
    .enum(['sasl_plaintext', 'sasl_ssl', 'plaintext'], {
      message: "expected sasl_ssl (TLS, for any broker not on loopback), sasl_plaintext (loopback only) or plaintext (a broker without authentication)",
    })
    .optional(),
  KAFKA_SASL_USERNAME: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected a Kafka user name such as live-risk-consumers').optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEYSTORE_FILE: z.string().regex(/\.(p12|pfx|jks|pem)$/i, 'expected a .p12, .pfx, .jks or .pem key store').optional(),
  KAFKA_SSL_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
  KAFKA_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/).default('3.9.1'),
  APICURIO_VERSION: z.string().regex(/^\d+\.\d+\.\d+/).default('3.0.9'),
  KEYCLOAK_VERSION: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a Keycloak release such as 26.5.6').default('26.5.6'),
  // Keycloak's HTTP port; loopback by default like every server the stack starts.
  KEYCLOAK_URL: z
    .url({ message: 'expected the Keycloak base URL, such as http://127.0.0.1:8180' })
    .default('http://127.0.0.1:8180'),
  KEYCLOAK_DATABASE_URL: z
    .url({ message: 'expected a PostgreSQL URL for Keycloak storage, such as postgres://postgres@127.0.0.1:5432/live_risk_keycloak' })
    .default('postgres://postgres@127.0.0.1:5432/live_risk_keycloak'),
  KEYCLOAK_ADMIN_CLIENT_ID: clientId.default('live-risk-stack-admin'),
  KEYCLOAK_ADMIN_SECRET_FILE: z.string().min(1).optional(),
  REGISTRY_CLIENT_ID: clientId.optional(),
  REGISTRY_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  SMTP_URL: z
    .url({ message: 'expected an SMTP URL such as smtp://127.0.0.1:2525 or smtps://user:pass@relay.council.example:465' })
    .default('smtp://127.0.0.1:2525'),
  MAIL_FROM: z.string().min(3).default('Live risk <live-risk@council.example>'),
  PORTAL_URL: z
    .url({ message: 'expected the portal base URL practitioners open, such as https://live-risk.council.example' })
    .default('http://127.0.0.1:8080'),
  // Loopback by default: the portal is meant to sit behind the council's TLS-terminating proxy.
  PORTAL_LISTEN: hostPort.default('127.0.0.1:8080'),
  // Whose X-Forwarded-For the portal believes, for its per-address limits: the proxy's address(es).
  PORTAL_TRUSTED_PROXIES: z
    .string()
    .default('127.0.0.1,::1')
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== '' && part !== 'none'))
    .refine((parts) => parts.every((part) => isIP(part.split('/')[0]) !== 0 && (!part.includes('/') || /^\d{1,3}$/.test(part.split('/')[1]))), {
      message: 'expected a comma-separated list of the proxy\'s IP addresses or CIDR ranges, such as 127.0.0.1,::1 or 10.0.0.0/24 (or none)',
    }),
  ...portalSignInEnvironment,
  ...urgentEnvironment,
  // The ingest API speaks HTTPS itself when given a certificate and key; without them it listens
  // only on loopback, behind the council's TLS-terminating proxy (checked where it starts).
  INGEST_LISTEN: hostPort.default('127.0.0.1:8443'),
  INGEST_TLS_CERT_FILE: z.string().min(1).optional(),
  INGEST_TLS_KEY_FILE: z.string().min(1).optional(),
  INGEST_RATE_LIMIT: z.coerce
    .number({ message: 'expected a whole number of requests per minute per agency, such as 600' })
    .int('expected a whole number of requests per minute per agency, such as 600')
    .min(1, 'expected at least 1 request per minute')
    .default(600),
  INGEST_MAX_BATCH: z.coerce
    .number({ message: 'expected a whole number of events, such as 500' })
    .int('expected a whole number of events, such as 500')
    .min(1, 'expected at least 1 event per batch')
    .max(5000, 'expected at most 5000 events per batch: a batch is held in memory and published at once')
    .default(500),
  INGEST_MAX_BODY_BYTES: z.coerce
    .number({ message: 'expected a size in bytes, such as 1048576' })
    .int('expected a whole number of bytes, such as 1048576')
    .min(1024, 'expected at least 1024 bytes')
    .max(64 * 1024 * 1024, 'expected at most 67108864 bytes (64 MiB)')
    .default(1024 * 1024),
  INGEST_MAX_EXTRACT_BYTES: z.coerce
    .number({ message: 'expected a size in bytes, such as 33554432' })
    .int('expected a whole number of bytes, such as 33554432')
    .min(1024, 'expected at least 1024 bytes')
    .max(1024 * 1024 * 1024, 'expected at most 1073741824 bytes (1 GiB): an uploaded extract is held in memory')
    .default(32 * 1024 * 1024),
  INGEST_FHIR_MAPPING_FILE: z.string().min(1).optional(),
  LIVE_RISK_RULES_FILE: z.string().min(1).optional(),
  LIVE_RISK_POLICY_FILE: z.string().min(1).optional(),
  LIVE_RISK_RETENTION_FILE: z.string().min(1).optional(),
  LIVE_RISK_SCHOOLS_FILE: z.string().min(1).optional(),
  LIVE_RISK_SCHOOL_CALENDARS_FILE: z.string().min(1).optional(),
  LIVE_RISK_PSEUDONYM_KEY_FILE: z.string().min(1).optional(),
  LIVE_RISK_MASTER_KEY_FILE: z.string().min(1, 'expected the path of the master key file that wraps the families\' keys').optional(),
  LIVE_RISK_DISCLOSURE_THRESHOLD: z.coerce
    .number({ message: 'expected a whole number such as 10' })
    .int('expected a whole number such as 10')
    .min(2, 'expected at least 2: a threshold of 1 suppresses nothing')
    .default(10),
  DIGEST_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour local time such as 07:00')
    .default('07:00'),
  MATCH_LINK_PROBABILITY: z.coerce
    .number({ message: 'expected a probability such as 0.99' })
    .gt(0, 'expected a probability between 0 and 1, such as 0.99')
    .lt(1, 'expected a probability between 0 and 1, such as 0.99')
    .default(0.99),
  MATCH_REVIEW_PROBABILITY: z.coerce
    .number({ message: 'expected a probability such as 0.5' })
    .gt(0, 'expected a probability between 0 and 1, such as 0.5')
    .lt(1, 'expected a probability between 0 and 1, such as 0.5')
    .default(0.5),
  REMATCH_DAYS: z.coerce
    .number({ message: 'expected a whole number of days, such as 30' })
    .int('expected a whole number of days, such as 30')
    .min(0, 'expected 0 (no re-matching) or more days')
    .max(366, 'expected at most 366 days: re-matching reads that much agency history from Kafka')
    .default(30),
  DIGEST_EMPTY_DAYS: z.enum(['note', 'skip'], { message: "expected 'note' (send a short nothing-new email) or 'skip' (send none)" }).default('note'),
  LIVE_RISK_LOG_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')} (lower case)` }).default('warn'),
}).refine((env) => (env.KAFKA_SASL_USERNAME === undefined) === (env.KAFKA_SASL_PASSWORD_FILE === undefined), {
  path: ['KAFKA_SASL_PASSWORD_FILE'],
  message: 'set KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD_FILE together (or neither, to use the development credentials `live-risk stack up` writes)',
}).refine((env) => (env.INGEST_TLS_CERT_FILE === undefined) === (env.INGEST_TLS_KEY_FILE === undefined), {
  path: ['INGEST_TLS_KEY_FILE'],
  message: 'set both INGEST_TLS_CERT_FILE and INGEST_TLS_KEY_FILE (PEM files) for HTTPS, or neither for plain HTTP on loopback',
}).refine((env) => env.MATCH_REVIEW_PROBABILITY <= env.MATCH_LINK_PROBABILITY, {
  path: ['MATCH_REVIEW_PROBABILITY'],
  message: 'must not be above MATCH_LINK_PROBABILITY: between the two, a pair goes to review',
}).refine(oidcNeedsSignInMethod.check, oidcNeedsSignInMethod.params).refine((env) => env.REGISTRY_CLIENT_SECRET_FILE === undefined || env.REGISTRY_CLIENT_ID !== undefined, {
  path: ['REGISTRY_CLIENT_SECRET_FILE'],
  message: 'set REGISTRY_CLIENT_ID too: the secret file is the secret of that Keycloak client',
});

export type Config = Readonly<{
  kafkaBrokers: readonly string[];
  schemaRegistryUrl: string;
  databaseUrl: string;
  registryDatabaseUrl: string;
  topicPrefix: string;
  stateDir: string;
  cacheDir: string;
  kafkaSecurity: KafkaSecurity;
  kafkaVersion: string;
  apicurioVersion: string;
  keycloak: Readonly<{
    version: string;
    /** Base URL without a trailing slash; the realm is live-risk (services/stack/keycloak-realm.ts). */
    url: string;
    databaseUrl: string;
    /** A master-realm client allowed to manage realms; `stack up` creates it on Keycloak's first start. */
    adminClientId: string;
    adminSecretFile: string;
  }>;
  /**
   * Who this process is to the schema registry: a Keycloak client id and the file holding its
   * secret. Unset: the development clients whose secrets `stack up` writes into the state dir
   * (a reader for processes, the administrator for `schemas register`), or none at all when no
   * such file exists (a registry without authentication, e.g. docker compose).
   */
  registryClient: Readonly<{ clientId: string; secretFile: string }> | undefined;
  /** Where digest notifications are sent; the default is the local mail sink `stack up` starts. */
  smtpUrl: string;
  mailFrom: string;
  /** Base URL of the practitioner portal; notification emails link here, never carry the digest. */
  portalUrl: string;
  /** Where `live-risk serve` listens; loopback by default, behind the council's TLS-terminating proxy. */
  portalListen: Readonly<{ host: string; port: number }>;
  /** The reverse proxies whose X-Forwarded-For names the practitioner's address (the portal's per-address limits). */
  portalTrustedProxies: readonly string[];
  /** Local passwords, the council's OpenID Connect provider, or both (config-portal-sign-in.ts). */
  portalSignIn: PortalSignIn;
  /** The HTTPS ingest API (`live-risk ingest serve`): where it listens, its TLS files, its limits. */
  ingest: Readonly<{
    listen: Readonly<{ host: string; port: number }>;
    tls: Readonly<{ certFile: string; keyFile: string }> | undefined;
    /** Requests per minute per agency. */
    rateLimit: number;
    maxBatch: number;
    maxBodyBytes: number;
    /** An uploaded CSV extract (POST /v1/extracts) may be larger than a JSON body. */
    maxExtractBytes: number;
    /** The FHIR mapping (code table) Bundles posted to /v1/fhir are read with; none: the route answers 501. */
    fhirMappingFile: string | undefined;
  }>;
  /** Risk rule set to use instead of the built-in one (services/risk/rule-sets/). */
  rulesFile: string | undefined;
  /** Sharing policy to use instead of the built-in one (services/policy/policies/). */
  policyFile: string | undefined;
  /** Retention schedule to use instead of the built-in one (services/retention/schedules/). */
  retentionFile: string | undefined;
  /** Operation Encompass: the schools register and school calendars instead of the built-in ones (services/encompass/). */
  encompass: Readonly<{ schoolsFile: string | undefined; calendarsFile: string | undefined }>;
  /** The secret key of analysts' pseudonyms (HMAC); created with mode 0600 on first use, never printed. */
  pseudonymKeyFile: string;
  /**
   * The master key that wraps every family's data key (services/sealing); created with mode 0600 on
   * first use, never printed. Back it up apart from the database: either alone opens nothing.
   */
  masterKeyFile: string;
  /** Published counts (transparency page, hot spots) below this are suppressed (services/disclosure-control). */
  disclosureThreshold: number;
  /** Local time in Europe/London at which the morning digests are issued. */
  digestTime: Readonly<{ hours: number; minutes: number }>;
  /** Posterior match probabilities at or above which the matcher links, or asks for review. */
  matchThresholds: Readonly<{ linkProbability: number; reviewProbability: number }>;
  /** How far back re-matching looks when someone joins the cohort or their details change. */
  rematchDays: number;
  /** On a day with nothing new: a short "nothing new" email, or none. */
  emptyDigestEmail: 'note' | 'skip';
  /** Quiet hours, duty mailboxes and escalation of urgent alerts (config-urgent.ts). */
  urgent: UrgentConfig;
  /** The least severe log lines written; every process sets it once at start-up (setDefaultLogLevel). */
  logLevel: LogLevel;
  /**
   * Where the processes' logs are kept, when whatever runs them writes their stderr to files; read
   * only by `retention audit`, which searches every file under it. Unset: those logs are a place the
   * audit says it could not search.
   */
  logDir: string | undefined;
}>;

export { registryClientSecretFile };
/**
 * How clients authenticate to Kafka, and how the stack's broker is secured. Without explicit
 * credentials each process logs in as its own role's principal with the password file `stack up`
 * wrote into `secretsDir` (services/platform/kafka-credentials.ts).
 */
export type KafkaSecurity = Readonly<{
  protocol: 'sasl_plaintext' | 'sasl_ssl' | 'plaintext';
  credentials: Readonly<{ username: string; passwordFile: string }> | undefined;
  secretsDir: string;
  /** PEM file of the CA(s) clients trust for TLS; absent: the system's trusted CAs. */
  caFile: string | undefined;
  /** The broker's own certificate and key, for the stack's Kafka on a TLS listener. */
  keystore: Readonly<{ file: string; passwordFile: string | undefined }> | undefined;
}>;

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** We only ever start processes for addresses on this machine, and only loopback may go without TLS. */
export const isLoopbackHost = (host: string): boolean => loopbackHosts.has(host.toLowerCase());

const hostOf = (hostPort: string): string => hostPort.slice(0, hostPort.lastIndexOf(':'));

/** `127.0.0.1:8080` → { host, port }; the format was checked by the schema, the port range here. */
export function parseHostPort(value: string, variable = 'PORTAL_LISTEN', example = '127.0.0.1:8080'): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  const port = Number(value.slice(at + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LiveRiskError('CONFIG_INVALID', `invalid configuration:\n  ${variable}: port ${value.slice(at + 1)} is not between 1 and 65535`, {
      hint: `set ${variable} to host:port, for example ${example}`,
    });
  }
  return { host: value.slice(0, at), port };
}

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
    kafkaSecurity: {
      // Credentials cross the network in the SCRAM exchange only as proofs, but the data does not:
      // anything past loopback gets TLS unless the operator says otherwise.
      protocol: env.KAFKA_SECURITY_PROTOCOL ?? (env.KAFKA_BROKERS.every((broker) => isLoopbackHost(hostOf(broker))) ? 'sasl_plaintext' : 'sasl_ssl'),
      credentials:
        env.KAFKA_SASL_USERNAME !== undefined && env.KAFKA_SASL_PASSWORD_FILE !== undefined
          ? { username: env.KAFKA_SASL_USERNAME, passwordFile: env.KAFKA_SASL_PASSWORD_FILE }
          : undefined,
      secretsDir: join(env.LIVE_RISK_STATE_DIR, 'kafka-credentials'),
      caFile: env.KAFKA_SSL_CA_FILE,
      keystore:
        env.KAFKA_SSL_KEYSTORE_FILE !== undefined
          ? { file: env.KAFKA_SSL_KEYSTORE_FILE, passwordFile: env.KAFKA_SSL_KEYSTORE_PASSWORD_FILE }
          : undefined,
    },
    kafkaVersion: env.KAFKA_VERSION,
    apicurioVersion: env.APICURIO_VERSION,
    keycloak: {
      version: env.KEYCLOAK_VERSION,
      url: env.KEYCLOAK_URL.replace(/\/$/, ''),
      databaseUrl: env.KEYCLOAK_DATABASE_URL,
      adminClientId: env.KEYCLOAK_ADMIN_CLIENT_ID,
      adminSecretFile: env.KEYCLOAK_ADMIN_SECRET_FILE ?? join(env.LIVE_RISK_STATE_DIR, 'keycloak', 'admin-client.secret'),
    },
    registryClient: env.REGISTRY_CLIENT_ID === undefined ? undefined : {
      clientId: env.REGISTRY_CLIENT_ID,
      secretFile: env.REGISTRY_CLIENT_SECRET_FILE ?? registryClientSecretFile(env.LIVE_RISK_STATE_DIR, env.REGISTRY_CLIENT_ID),
    },
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    portalUrl: env.PORTAL_URL.replace(/\/$/, ''),
    portalListen: parseHostPort(env.PORTAL_LISTEN),
    portalTrustedProxies: env.PORTAL_TRUSTED_PROXIES,
    portalSignIn: portalSignIn(env),
    ingest: {
      listen: parseHostPort(env.INGEST_LISTEN, 'INGEST_LISTEN', '127.0.0.1:8443'),
      tls: env.INGEST_TLS_CERT_FILE && env.INGEST_TLS_KEY_FILE ? { certFile: env.INGEST_TLS_CERT_FILE, keyFile: env.INGEST_TLS_KEY_FILE } : undefined,
      rateLimit: env.INGEST_RATE_LIMIT,
      maxBatch: env.INGEST_MAX_BATCH,
      maxBodyBytes: env.INGEST_MAX_BODY_BYTES,
      maxExtractBytes: env.INGEST_MAX_EXTRACT_BYTES,
      fhirMappingFile: env.INGEST_FHIR_MAPPING_FILE,
    },
    rulesFile: env.LIVE_RISK_RULES_FILE,
    policyFile: env.LIVE_RISK_POLICY_FILE,
    retentionFile: env.LIVE_RISK_RETENTION_FILE,
    encompass: { schoolsFile: env.LIVE_RISK_SCHOOLS_FILE, calendarsFile: env.LIVE_RISK_SCHOOL_CALENDARS_FILE },
    pseudonymKeyFile: env.LIVE_RISK_PSEUDONYM_KEY_FILE ?? join(env.LIVE_RISK_STATE_DIR, 'pseudonym.key'),
    masterKeyFile: env.LIVE_RISK_MASTER_KEY_FILE ?? join(env.LIVE_RISK_STATE_DIR, 'family-keys.master.key'),
    disclosureThreshold: env.LIVE_RISK_DISCLOSURE_THRESHOLD,
    digestTime: { hours: Number(env.DIGEST_TIME.slice(0, 2)), minutes: Number(env.DIGEST_TIME.slice(3)) },
    matchThresholds: { linkProbability: env.MATCH_LINK_PROBABILITY, reviewProbability: env.MATCH_REVIEW_PROBABILITY },
    rematchDays: env.REMATCH_DAYS,
    emptyDigestEmail: env.DIGEST_EMPTY_DAYS,
    urgent: urgentConfig(env),
    logLevel: env.LOG_LEVEL,
    logDir: env.LIVE_RISK_LOG_DIR,
  };
}
