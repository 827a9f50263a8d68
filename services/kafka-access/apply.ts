import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { topicNames } from '../contracts';
import type { Config } from '../platform/config';
import { createKafka, kafkaUnavailable } from '../platform/kafka';
import { newSecret, principalOf, readSecretFile, writeSecretFile } from '../platform/kafka-credentials';
import { classifyError } from '../platform/classify-error';
import type { Progress } from '../stack/types';
import { grantProcessAcls, workerRoles } from './acls';
import { upsertScramCredential } from './scram-tool';

/**
 * Makes a Kafka cluster ready for live-risk's own processes: a SCRAM credential per process role
 * (its password in `<secretsDir>/<principal>.password`, mode 0600, generated when absent) and their
 * ACLs for this topic prefix. ACLs name topics literally, so they may come before the topics, which
 * the administrator's first command creates (openRuntime), as before authentication. `stack up` runs it for the development stack (creating only
 * what is missing); `live-risk kafka-access apply` runs it against a production cluster.
 */
export type ApplyOptions = Readonly<{
  secretsDir: string;
  /** Set the credential of roles whose password file exists already (production: after a rotation). */
  setExisting: boolean;
}>;

export type ApplyReport = Readonly<{ credentialsSet: readonly string[] }>;

export async function applyProcessAccess(config: Config, options: ApplyOptions, progress: Progress): Promise<ApplyReport> {
  const credentialsSet: string[] = [];
  for (const role of workerRoles) {
    const principal = principalOf(role);
    const file = join(options.secretsDir, `${principal}.password`);
    const exists = existsSync(file);
    if (exists && !options.setExisting) continue;
    const secret = exists ? readSecretFile(file) : newSecret();
    if (!exists) writeSecretFile(file, secret);
    progress(`setting the Kafka credential of ${principal} (password file ${file})`);
    await upsertScramCredential(config, principal, secret, progress);
    credentialsSet.push(principal);
  }
  const topics = topicNames(config.topicPrefix);
  const admin = createKafka(config, 'live-risk-kafka-access').admin();
  try {
    await admin.connect();
    await grantProcessAcls(admin, topics, config.topicPrefix);
    progress(`ACLs of ${workerRoles.map(principalOf).join(', ')} granted for topic prefix "${config.topicPrefix}"`);
    return { credentialsSet };
  } catch (error) {
    const classified = classifyError(error, 'kafka');
    throw classified.code === 'KAFKA_NOT_AUTHORIZED' ? classified : kafkaUnavailable(config, error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
