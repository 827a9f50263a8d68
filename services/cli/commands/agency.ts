import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { addAgencyAccess, checkAgencyTopic, listAgencies, revokeAgencyAccess, rotateAgencyAccess, type AgencyAccess, type AgencyTopicId } from '../../agencies';
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
and Java (Kafka's own ConfigCommand sets the credential). See README, "Sending with kcat / a Kafka client (SASL)".

When the schema registry checks who is asking, the agency also gets a read-only registry client
(agency-<NAME>) to fetch the schemas its serializer needs; with --https, an ingest API key per topic
for \`POST /v1/events\` (README, "Agencies: sending over HTTPS"). rotate replaces every secret it holds;
revoke removes them all. With --secret-file the other secrets go beside it, in <file>.registry and
<file>.api-key (mode 0600).`;

const collectTopic = (value: string, previous: AgencyTopicId[] = []): AgencyTopicId[] => [...previous, checkAgencyTopic(value)];

/** Shows the secrets once, or writes them to new files only their owner can read. */
function handOver(access: AgencyAccess, secretFile: string | undefined, verb: string): void {
  const config = loadConfig();
  const names = topicNames(config.topicPrefix);
  const { agency, kafka, registry, apiKeys } = access;
  console.log(terminal`agency ${agency.name} ${verb}: Kafka user ${kafka.username}, may write ${agency.topics.map((id) => names[id]).join(', ')} (SASL mechanism SCRAM-SHA-512)`);
  if (registry) console.log(terminal`schema registry: read-only client ${registry.clientId} (HTTP Basic with its secret, or a token from Keycloak)`);
  for (const key of apiKeys) console.log(terminal`ingest API: key ${key.keyId} for ${key.agency} events`);
  const secrets: Array<[string, string, string]> = [
    ['Kafka password', '', kafka.password],
    ...(registry ? [['registry client secret', '.registry', registry.clientSecret] as [string, string, string]] : []),
    ...apiKeys.map((key, index) => ['ingest API key', index === 0 ? '.api-key' : `.api-key.${index + 1}`, key.apiKey] as [string, string, string]),
  ];
  if (secretFile) {
    for (const [what, suffix, secret] of secrets) {
      writeSecretFile(`${secretFile}${suffix}`, secret);
      console.log(terminal`${what} written to ${secretFile}${suffix} (mode 0600); live-risk keeps no copy`);
    }
    return;
  }
  console.log('secrets (shown once, live-risk keeps no copy; give them to the agency by a secure channel):');
  for (const [what, , secret] of secrets) console.log(terminal`${what}: ${secret}`);
}

function refuseExisting(secretFile: string | undefined): void {
  const taken = secretFile && ['', '.registry', '.api-key'].map((suffix) => `${secretFile}${suffix}`).find((file) => existsSync(file));
  if (taken) {
    throw new LiveRiskError('INPUT_INVALID', `${taken} exists already; a secret file is never overwritten`, { hint: 'choose a new path, or remove the old file first' });
  }
}

export function registerAgencyCommands(program: Command): void {
  const agency = program.command('agency').description('agencies’ Kafka credentials and what each may write (add, rotate, revoke, list)').addHelpText('after', agencyHelp);
  agency
    .command('add')
    .description('create an agency’s Kafka credential, allowed to write only its own topic(s); prints the secret once')
    .argument('<name>', 'the agency’s short name, e.g. west-yorkshire-police')
    .requiredOption('--topic <topic>', `a topic it publishes, repeatable (${agencyTopicIds.join(', ')})`, collectTopic)
    .option('--secret-file <path>', 'write the secrets to this new file (mode 0600) and its .registry/.api-key siblings instead of printing them')
    .option('--https', 'also issue an ingest API key per topic, for agencies sending over HTTPS')
    .action(async (name: string, options: { topic: AgencyTopicId[]; secretFile?: string; https?: boolean }) => {
      refuseExisting(options.secretFile);
      handOver(await addAgencyAccess(loadConfig(), name, options.topic, { https: options.https === true }, say), options.secretFile, 'added');
    });
  agency
    .command('rotate')
    .description('give an agency a new secret; the old one stops working at once')
    .argument('<name>', 'the agency’s short name')
    .option('--secret-file <path>', 'write the new secret to this new file (mode 0600) instead of printing it')
    .action(async (name: string, options: { secretFile?: string }) => {
      refuseExisting(options.secretFile);
      handOver(await rotateAgencyAccess(loadConfig(), name, say), options.secretFile, 'rotated');
    });
  agency
    .command('revoke')
    .description('remove an agency’s ACLs and credential: it can no longer connect or write')
    .argument('<name>', 'the agency’s short name')
    .action(async (name: string) => {
      const revoked = await revokeAgencyAccess(loadConfig(), name, say);
      console.log(terminal`agency ${revoked.name} revoked: Kafka user ${revoked.principal} has no credential and no ACL; registry client and ${String(revoked.apiKeysRevoked)} ingest API key(s) removed`);
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
