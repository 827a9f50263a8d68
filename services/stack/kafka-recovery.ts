import { existsSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { Config } from '../platform/config';
import { kafkaClientSecurity, principalOf, processRoles, readSecretFile, roleSecretFile, type KafkaLogin } from '../platform/kafka-credentials';
import { upsertScramCredential } from '../kafka-access/scram-tool';
import { stackPaths } from './paths';
import type { Progress } from './types';

/**
 * The password files in the state dir are the truth about the stack's own broker: its storage was
 * formatted with them, and nothing else knows the development passwords. If the broker's SCRAM
 * credentials stop matching them (the development Kafka once refused every live-risk login after a
 * restart that followed a whole test run: README, "Starting a development machine over"), `stack
 * up` sets each refused one again from its file, logged in with the broker's PLAIN recovery login
 * (kafka-security.ts), which lives in server.properties rather than in the metadata log.
 *
 * Only for a broker this state dir started: a council's cluster is never touched this way.
 * Returns the principals whose credential was set again.
 */
export async function realignProcessCredentials(config: Config, progress: Progress): Promise<readonly string[]> {
  const recoveryFile = stackPaths(config).kafka.recoverySecret;
  // A broker started by a live-risk without the recovery login: nothing to log in with.
  if (!existsSync(recoveryFile)) return [];
  const recovery = { mechanism: 'PLAIN', username: principalOf('admin'), password: readSecretFile(recoveryFile) } as const;
  const realigned: string[] = [];
  for (const role of processRoles) {
    const file = roleSecretFile(config, role);
    // A role added since the format gets its first credential from applyProcessAccess.
    if (!existsSync(file)) continue;
    const login = { username: principalOf(role), password: readSecretFile(file) };
    if (!(await refuses(config, login))) continue;
    progress(`the stack's Kafka did not accept ${login.username} with its password file ${file}; setting its credential again from that file`);
    await upsertScramCredential(config, login.username, login.password, progress, recovery);
    realigned.push(login.username);
  }
  return realigned;
}

/** True only when the broker answered and refused this login; unreachable is someone else's error to report. */
async function refuses(config: Config, login: KafkaLogin): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'live-risk-stack-credentials',
    brokers: [...config.kafkaBrokers],
    ...kafkaClientSecurity(config, login),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    return false;
  } catch (error) {
    return (error as Error).name === 'KafkaJSSASLAuthenticationError';
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
