import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { addAgency, checkAgencyTopic, listAgencies, revokeAgency, rotateAgency, type AgencyCredentials, type AgencyTopicId } from '../../agencies';
import { agencyTopicIds, topicNames } from '../../contracts';
import { loadConfig } from '../../platform/config';
import { LiveRiskError } from '../../platform/errors';
import { writeSecretFile } from '../../platform/kafka-credentials';
import { terminal } from '../../platform/terminal';
import { formatOption } from '../options';
import { say } from '../progress';
import { formatTable } from '../table';

const agencyHelp = `
An agency is a Kafka principal (SASL/SCRAM-SHA-512) named <LIVE_RISK_TOPIC_PREFIX>agency-<NAME>. It may
write its own topic(s) and nothing else: it reads no topic, not even its own. The secret is generated
here and shown once (or written to --secret-file, mode 0600); live-risk keeps no copy and Kafka keeps
only its salted hash, so a lost secret is replaced with \`rotate\`, never recovered. Needs the Kafka
administrator's login (the development one \`stack up\` wrote, or KAFKA_SASL_USERNAME/_PASSWORD_FILE),
and Java (Kafka's own ConfigCommand sets the credential). See README, "Sending with kcat / a Kafka client (SASL)".`;

const collectTopic = (value: string, previous: AgencyTopicId[] = []): AgencyTopicId[] => [...previous, checkAgencyTopic(value)];

/** Shows the secret once, or writes it to a new file only its owner can read. */
function handOver(credentials: AgencyCredentials, secretFile: string | undefined, verb: string): void {
  const config = loadConfig();
  const names = topicNames(config.topicPrefix);
  const { agency, kafka } = credentials;
  console.log(terminal`agency ${agency.name} ${verb}: Kafka user ${kafka.username}, may write ${agency.topics.map((id) => names[id]).join(', ')} (SASL mechanism SCRAM-SHA-512)`);
  if (secretFile) {
    writeSecretFile(secretFile, kafka.password);
    console.log(terminal`secret written to ${secretFile} (mode 0600); live-risk keeps no copy`);
    return;
  }
  console.log('secret (shown once, live-risk keeps no copy; give it to the agency by a secure channel):');
  console.log(kafka.password);
}

function refuseExisting(secretFile: string | undefined): void {
  if (secretFile && existsSync(secretFile)) {
    throw new LiveRiskError('INPUT_INVALID', `${secretFile} exists already; a secret file is never overwritten`, { hint: 'choose a new path, or remove the old file first' });
  }
}

export function registerAgencyCommands(program: Command): void {
  const agency = program.command('agency').description('agencies’ Kafka credentials and what each may write (add, rotate, revoke, list)').addHelpText('after', agencyHelp);
  agency
    .command('add')
    .description('create an agency’s Kafka credential, allowed to write only its own topic(s); prints the secret once')
    .argument('<name>', 'the agency’s short name, e.g. west-yorkshire-police')
    .requiredOption('--topic <topic>', `a topic it publishes, repeatable (${agencyTopicIds.join(', ')})`, collectTopic)
    .option('--secret-file <path>', 'write the secret to this new file (mode 0600) instead of printing it')
    .action(async (name: string, options: { topic: AgencyTopicId[]; secretFile?: string }) => {
      refuseExisting(options.secretFile);
      handOver(await addAgency(loadConfig(), name, options.topic, say), options.secretFile, 'added');
    });
  agency
    .command('rotate')
    .description('give an agency a new secret; the old one stops working at once')
    .argument('<name>', 'the agency’s short name')
    .option('--secret-file <path>', 'write the new secret to this new file (mode 0600) instead of printing it')
    .action(async (name: string, options: { secretFile?: string }) => {
      refuseExisting(options.secretFile);
      handOver(await rotateAgency(loadConfig(), name, say), options.secretFile, 'rotated');
    });
  agency
    .command('revoke')
    .description('remove an agency’s ACLs and credential: it can no longer connect or write')
    .argument('<name>', 'the agency’s short name')
    .action(async (name: string) => {
      const revoked = await revokeAgency(loadConfig(), name, say);
      console.log(terminal`agency ${revoked.name} revoked: Kafka user ${revoked.principal} has no credential and no ACL`);
    });
  agency
    .command('list')
    .description('the agencies of this topic prefix and the topics each may write (exit 1 when there are none)')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action(async (options: { format: 'json' | 'text' }) => {
      const config = loadConfig();
      const agencies = await listAgencies(config);
      const names = topicNames(config.topicPrefix);
      if (options.format === 'json') console.log(JSON.stringify(agencies.map((a) => ({ ...a, topicNames: a.topics.map((id) => names[id]) })), null, 2));
      else if (agencies.length === 0) console.log('no agencies: add one with `live-risk agency add NAME --topic police`');
      else console.log(formatTable(['agency', 'Kafka user', 'may write'], agencies.map((a) => [a.name, a.principal, a.topics.map((id) => names[id]).join(', ')])));
      if (agencies.length === 0) process.exitCode = 1;
    });
}
