import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { ensureRoleSecret, principalOf, processRoles, roleSecretFile } from '../platform/kafka-credentials';
import { formatHostPort, kafkaAddress, kafkaControllerAddress } from './addresses';
import { brokerSecurityProperties, type BrokerSecrets } from './kafka-security';
import type { StackPaths } from './paths';
import { processMarker, runToCompletion, spawnDetached, tailFile } from './processes';

/**
 * A single-node Apache Kafka in KRaft mode (broker and controller in one JVM, no ZooKeeper),
 * listening on loopback only. It is the source of truth for the event history, hence the settings
 * below that never delete data by age and never invent topics.
 */

export function serverProperties(config: Config, dataDir: string, secrets: BrokerSecrets): string {
  const broker = formatHostPort(kafkaAddress(config));
  const controller = formatHostPort(kafkaControllerAddress(config));
  return `# Written by live-risk on every start (mode 0600: it holds secrets); edit services/stack/kafka.ts, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${controller}
controller.listener.names=CONTROLLER
log.dirs=${dataDir}
${brokerSecurityProperties(config, broker, controller, secrets)}

# One node, so every internal topic has exactly one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Topics are created deliberately, with their schemas; a typo must fail, not create a topic.
auto.create.topics.enable=false
num.partitions=3
# The history is the source of truth: never delete it by age. Topics whose records do have a life
# (agency topics, dead letters: services/retention) say so in their own retention.ms.
log.retention.ms=-1
# How often the broker looks for segments past their retention. Every 5 minutes by default; a
# development broker looks every 20 s, so the retention test sees deletion in seconds (it still
# waits long enough for a broker left at the default).
log.retention.check.interval.ms=20000
# One consumer per group is the norm here; do not wait 3 s for others to join.
group.initial.rebalance.delay.ms=0
`;
}

/** Broker logs go to stdout, which spawnDetached appends to kafka.log in the state dir. */
const log4jProperties = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# Per-request and per-partition state logs are noise on a development machine.
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
`;

/**
 * Kafka's own cluster ids are 16 random bytes in URL-safe base64 without padding; ids starting
 * with '-' are avoided (as Kafka does) because the tool would read them as an option.
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export const jvmOptions = (paths: Pick<StackPaths['kafka'], 'log4jProperties' | 'libs'>): string[] => [
  // Small heap and the serial collector: a two-core development machine shares it with a registry.
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${paths.log4jProperties}`,
  '-cp',
  join(paths.libs, '*'),
];

/**
 * Writes the configs (every start, so a changed port takes effect) and formats storage once. The
 * SCRAM credentials of the administrator and of every live-risk process are bootstrapped by the
 * format itself (`--add-scram`, KIP-900): the broker then starts with users that can log in, and
 * nobody ever talks to it unauthenticated. The passwords are files of the state dir, mode 0600.
 */
export async function prepareKafka(config: Config, paths: StackPaths['kafka']): Promise<void> {
  if (config.kafkaSecurity.protocol === 'plaintext') {
    throw new LiveRiskError('CONFIG_INVALID', 'the stack starts Kafka with authentication only; KAFKA_SECURITY_PROTOCOL=plaintext is for a broker of your own', {
      hint: 'unset KAFKA_SECURITY_PROTOCOL (or set sasl_plaintext or sasl_ssl) and run `live-risk stack up` again',
    });
  }
  const formatted = existsSync(join(paths.dataDir, 'meta.properties'));
  if (formatted && !existsSync(roleSecretFile(config, 'admin'))) {
    throw new LiveRiskError('STACK_START_FAILED', `the Kafka data in ${paths.dataDir} was formatted before Kafka required authentication (no ${roleSecretFile(config, 'admin')})`, {
      hint: 'its users cannot be bootstrapped any more: run `live-risk stack reset` (a development stack: it deletes Kafka data and the databases), then `live-risk stack up`',
    });
  }
  const secrets: BrokerSecrets = {
    admin: ensureRoleSecret(config, 'admin').secret,
    // The controller listener's static PLAIN password: both ends read it from this file, so a fresh
    // one on every start costs nothing and never outlives the broker that used it.
    controller: randomBytes(32).toString('base64url'),
    // Likewise for the recovery login, which `stack up` reads back from its file (kafka-recovery.ts).
    recovery: randomBytes(32).toString('base64url'),
  };
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(paths.serverProperties, serverProperties(config, paths.dataDir, secrets), { mode: 0o600 });
  chmodSync(paths.serverProperties, 0o600);
  writeFileSync(paths.recoverySecret, `${secrets.recovery}\n`, { mode: 0o600 });
  chmodSync(paths.recoverySecret, 0o600);
  writeFileSync(paths.log4jProperties, log4jProperties);
  // meta.properties is what format writes; once present, formatting again would be refused.
  if (formatted) return;
  const users = processRoles.map((role) => `SCRAM-SHA-512=[name=${principalOf(role)},password=${ensureRoleSecret(config, role).secret}]`);
  const result = await runToCompletion('java', [
    ...jvmOptions(paths),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    newClusterId(),
    '-c',
    paths.serverProperties,
    ...users.flatMap((user) => ['--add-scram', user]),
  ]);
  if (result.code !== 0) {
    const message = `could not format Kafka storage in ${paths.dataDir}:\n${result.output}`;
    throw new LiveRiskError('STACK_START_FAILED', message, {
      hint: 'check that Java 17 is installed (java -version) and the state dir is writable',
    });
  }
}

export async function startKafka(config: Config, paths: StackPaths['kafka']): Promise<number> {
  return spawnDetached({
    command: 'java',
    args: [...processMarker('kafka', config.stateDir), ...jvmOptions(paths), 'kafka.Kafka', paths.serverProperties],
    cwd: paths.configDir,
    env: process.env,
    logFile: paths.log,
  });
}

export const kafkaLogTail = (paths: StackPaths['kafka']): string => tailFile(paths.log);
