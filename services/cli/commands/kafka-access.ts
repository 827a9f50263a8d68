import type { Command } from 'commander';
import { aclsOf, applyProcessAccess, workerRoles } from '../../kafka-access';
import { loadConfig } from '../../platform/config';
import { createKafka } from '../../platform/kafka';
import { principalOf, processRoles } from '../../platform/kafka-credentials';
import { terminal } from '../../platform/terminal';
import { say } from '../progress';
import { formatTable } from '../table';
import { AclOperationTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';

const applyHelp = `
For a production cluster (the development stack does this itself in \`stack up\`). Run it as the Kafka
administrator (KAFKA_SASL_USERNAME of a super user, KAFKA_SASL_PASSWORD_FILE) with the deployment's
LIVE_RISK_TOPIC_PREFIX. For each process (${processRoles.filter((role) => role !== 'admin').map(principalOf).join(', ')}) it sets a
SCRAM-SHA-512 credential whose password is <secrets-dir>/<user>.password (generated, mode 0600, when
the file does not exist) and grants exactly the ACLs in services/kafka-access/grants.ts.
Give each process its own user and password file (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE).
Running it again is safe; --set-existing also re-sets the credentials from existing files (after a rotation).`;

const operationName = Object.fromEntries(Object.entries(AclOperationTypes).map(([name, value]) => [value, name]));
const resourceName = Object.fromEntries(Object.entries(AclResourceTypes).map(([name, value]) => [value, name]));
const patternName = Object.fromEntries(Object.entries(ResourcePatternTypes).map(([name, value]) => [value, name]));

export function registerKafkaAccessCommands(program: Command): void {
  const access = program.command('kafka-access').description('the Kafka principals and ACLs of live-risk’s own processes');
  access
    .command('apply')
    .description('create or update the processes’ SCRAM credentials and their ACLs')
    .option('--secrets-dir <dir>', 'where the processes’ password files are (default: kafka-credentials in LIVE_RISK_STATE_DIR)')
    .option('--set-existing', 'also set the credential of users whose password file exists already', false)
    .addHelpText('after', applyHelp)
    .action(async (options: { secretsDir?: string; setExisting: boolean }) => {
      const config = loadConfig();
      const report = await applyProcessAccess(config, { secretsDir: options.secretsDir ?? config.kafkaSecurity.secretsDir, setExisting: options.setExisting }, say);
      console.log(terminal`credentials set: ${report.credentialsSet.join(', ') || 'none (all existed; --set-existing to set them again)'}`);
      console.log(terminal`ACLs granted for topic prefix "${config.topicPrefix}"; the topics are created by the first administrator command (e.g. \`live-risk schemas register\`)`);
    });
  access
    .command('show')
    .description('the ACLs each live-risk process holds, as Kafka reports them')
    .action(async () => {
      const admin = createKafka(loadConfig(), 'live-risk-kafka-access').admin();
      await admin.connect();
      try {
        const rows: string[][] = [];
        for (const role of workerRoles) {
          for (const acl of await aclsOf(admin, principalOf(role))) {
            rows.push([principalOf(role), `${operationName[acl.operation]}`, `${resourceName[acl.resourceType]} ${acl.resourceName}`, `${patternName[acl.resourcePatternType]}`]);
          }
        }
        console.log(formatTable(['user', 'may', 'on', 'pattern'], rows));
      } finally {
        await admin.disconnect();
      }
    });
}
