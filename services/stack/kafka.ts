import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { formatHostPort, kafkaAddress, kafkaControllerAddress } from './addresses';
import type { StackPaths } from './paths';
import { processMarker, runToCompletion, spawnDetached, tailFile } from './processes';

/**
 * A single-node Apache Kafka in KRaft mode (broker and controller in one JVM, no ZooKeeper),
 * listening on loopback only. It is the source of truth for the event history, hence the settings
 * below that never delete data by age and never invent topics.
 */

export function serverProperties(config: Config, dataDir: string): string {
  const broker = formatHostPort(kafkaAddress(config));
  const controller = formatHostPort(kafkaControllerAddress(config));
  return `# Written by live-risk on every start; edit services/stack/kafka.ts, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${controller}
listeners=PLAINTEXT://${broker},CONTROLLER://${controller}
advertised.listeners=PLAINTEXT://${broker}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=${dataDir}

# One node, so every internal topic has exactly one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# Topics are created deliberately, with their schemas; a typo must fail, not create a topic.
auto.create.topics.enable=false
num.partitions=3
# The history is the source of truth: never delete it by age.
log.retention.ms=-1
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

const jvmOptions = (paths: StackPaths['kafka']): string[] => [
  // Small heap and the serial collector: a two-core development machine shares it with a registry.
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-Djava.awt.headless=true',
  `-Dlog4j.configuration=file:${paths.log4jProperties}`,
  '-cp',
  join(paths.libs, '*'),
];

/** Writes the configs (every start, so a changed port takes effect) and formats storage once. */
export async function prepareKafka(config: Config, paths: StackPaths['kafka']): Promise<void> {
  mkdirSync(paths.dataDir, { recursive: true });
  writeFileSync(paths.serverProperties, serverProperties(config, paths.dataDir));
  writeFileSync(paths.log4jProperties, log4jProperties);
  // meta.properties is what format writes; once present, formatting again would be refused.
  if (existsSync(join(paths.dataDir, 'meta.properties'))) return;
  const result = await runToCompletion('java', [
    ...jvmOptions(paths),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    newClusterId(),
    '-c',
    paths.serverProperties,
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
