import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import { kafkaLogin } from '../platform/kafka-credentials';
import { ensureKafkaDistribution } from '../stack/fetch';
import { jvmOptions } from '../stack/kafka';
import { stackPaths } from '../stack/paths';
import { runToCompletion } from '../stack/processes';
import type { Progress } from '../stack/types';

/**
 * SCRAM credentials are created, changed and deleted with AlterUserScramCredentials, which kafkajs
 * does not speak; Kafka's own ConfigCommand (from the distribution the stack fetches into the cache
 * dir) does. No secret ever appears on a command line, where `ps` would show it: the
 * administrator's login and the new password go into files of a private (0700) temporary
 * directory, removed as soon as the tool exits. Kafka stores only the salted SCRAM hash.
 *
 *   kafka.admin.ConfigCommand --bootstrap-server HOST:PORT --command-config admin.properties \
 *     --alter --entity-type users --entity-name NAME --add-config-file password.properties
 *   password.properties:  SCRAM-SHA-512=password=SECRET   (ConfigCommand's own syntax, brackets only on its command line)
 */
const mechanism = 'SCRAM-SHA-512';
const quietLog4j = 'log4j.rootLogger=ERROR, stderr\nlog4j.appender.stderr=org.apache.log4j.ConsoleAppender\nlog4j.appender.stderr.Target=System.err\nlog4j.appender.stderr.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stderr.layout.ConversionPattern=%p %m%n\n';

/**
 * Who runs the tool: the administrator with SCRAM (the default), or, on the stack's own broker
 * whose SCRAM credentials no longer match the password files, its PLAIN recovery login.
 */
export type ToolLogin = Readonly<{ mechanism: 'SCRAM-SHA-512' | 'PLAIN'; username: string; password: string }>;

const loginModules: Readonly<Record<ToolLogin['mechanism'], string>> = {
  'SCRAM-SHA-512': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  PLAIN: 'org.apache.kafka.common.security.plain.PlainLoginModule',
};

function adminProperties(config: Config, login: ToolLogin | undefined): string {
  const { mechanism: how, username, password } = login ?? { mechanism, ...kafkaLogin(config, 'admin') };
  const { protocol, caFile } = config.kafkaSecurity;
  return [
    `security.protocol=${protocol === 'sasl_ssl' ? 'SASL_SSL' : 'SASL_PLAINTEXT'}`,
    `sasl.mechanism=${how}`,
    `sasl.jaas.config=${loginModules[how]} required username="${username}" password="${password}";`,
    ...(protocol === 'sasl_ssl' && caFile ? ['ssl.truststore.type=PEM', `ssl.truststore.location=${caFile}`] : []),
    '',
  ].join('\n');
}

async function configCommand(config: Config, progress: Progress, args: (dir: string) => string[], login?: ToolLogin): Promise<{ code: number | null; output: string }> {
  const paths = stackPaths(config).kafka;
  await ensureKafkaDistribution(config.kafkaVersion, paths, progress);
  const dir = mkdtempSync(join(tmpdir(), 'live-risk-scram-'));
  try {
    const log4jProperties = join(dir, 'log4j.properties');
    writeFileSync(log4jProperties, quietLog4j);
    writeFileSync(join(dir, 'admin.properties'), adminProperties(config, login), { mode: 0o600 });
    return await runToCompletion(
      'java',
      [
        ...jvmOptions({ libs: paths.libs, log4jProperties }),
        'kafka.admin.ConfigCommand',
        '--bootstrap-server',
        config.kafkaBrokers.join(','),
        '--command-config',
        join(dir, 'admin.properties'),
        '--alter',
        '--entity-type',
        'users',
        ...args(dir),
      ],
      { timeoutMs: 120_000 },
    );
  } catch (error) {
    throw new LiveRiskError('KAFKA_UNAVAILABLE', `could not run Kafka's ConfigCommand: ${(error as Error).message}`, {
      cause: error,
      hint: 'it needs Java 17 or newer on PATH (java -version)',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const failed = (what: string, output: string): LiveRiskError => {
  const reason = output.split('\n').find((line) => /Exception|Error|Invalid/.test(line)) ?? output.trim().split('\n').slice(-3).join(' ');
  const retriable = /TimeoutException|not available|Connection/i.test(reason);
  return new LiveRiskError(retriable ? 'KAFKA_UNAVAILABLE' : 'KAFKA_NOT_AUTHORIZED', `${what}: ${reason.trim()}`, {
    retriable,
    hint: retriable ? 'is Kafka running? (`live-risk stack status`)' : 'this needs the Kafka administrator principal (live-risk-admin, or KAFKA_SASL_USERNAME of a super user)',
  });
};

/** Creates the user's SCRAM-SHA-512 credential, or replaces its password. */
export async function upsertScramCredential(config: Config, user: string, secret: string, progress: Progress = () => undefined, login?: ToolLogin): Promise<void> {
  const result = await configCommand(
    config,
    progress,
    (dir) => {
      const file = join(dir, 'password.properties');
      writeFileSync(file, `${mechanism}=password=${secret}\n`, { mode: 0o600 });
      return ['--entity-name', user, '--add-config-file', file];
    },
    login,
  );
  if (result.code !== 0) throw failed(`could not set the Kafka credential of ${user}`, result.output);
}

/** Deletes the user's credential; 'absent' when there was none. */
export async function deleteScramCredential(config: Config, user: string, progress: Progress = () => undefined): Promise<'deleted' | 'absent'> {
  const result = await configCommand(config, progress, () => ['--entity-name', user, '--delete-config', mechanism]);
  if (result.code === 0) return 'deleted';
  if (result.output.includes('ResourceNotFoundException')) return 'absent';
  throw failed(`could not delete the Kafka credential of ${user}`, result.output);
}
