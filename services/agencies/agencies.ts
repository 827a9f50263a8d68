import { AclOperationTypes, type Admin } from 'kafkajs';
import { agencyTopicIds, topicNames, type TopicId } from '../contracts';
import type { Config } from '../platform/config';
import { classifyError } from '../platform/classify-error';
import { LiveRiskError } from '../platform/errors';
import { createKafka, kafkaUnavailable } from '../platform/kafka';
import { newSecret } from '../platform/kafka-credentials';
import { agencyAcls, aclsOf, deleteScramCredential, revokeAllAcls, topicAcls, upsertScramCredential } from '../kafka-access';
import type { Progress } from '../stack/types';

/**
 * Agencies as Kafka principals. An agency may write its own topic(s) and nothing else: no Read
 * anywhere, no other topic, no group. Its secret is generated here, handed back once to be shown
 * or written to a file, and never stored: Kafka keeps only the salted SCRAM hash.
 *
 * The principal carries the topic prefix (`<prefix>agency-<name>`), so two deployments sharing a
 * cluster (or two test runs) never share an agency. What an agency may do is read back from its
 * ACLs, the one record of it; there is no second list to drift.
 */
export type AgencyTopicId = (typeof agencyTopicIds)[number];
export type Agency = Readonly<{ name: string; principal: string; topics: readonly AgencyTopicId[] }>;
/** What `agency add` and `rotate` hand out. A registry login and an API key will join the Kafka one. */
export type AgencyCredentials = Readonly<{ agency: Agency; kafka: Readonly<{ username: string; password: string }> }>;

const namePattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
const principalStem = 'agency-';

export const agencyPrincipal = (config: Config, name: string): string => `${config.topicPrefix}${principalStem}${name}`;

export function checkAgencyName(name: string): string {
  if (!namePattern.test(name)) {
    throw new LiveRiskError('INPUT_INVALID', `"${name}" is not a usable agency name`, {
      hint: 'use 1 to 40 lower-case letters, digits and dashes, starting with a letter or digit (for example west-yorkshire-police)',
    });
  }
  return name;
}

export function checkAgencyTopic(topic: string): AgencyTopicId {
  if (!(agencyTopicIds as readonly string[]).includes(topic)) {
    throw new LiveRiskError('INPUT_INVALID', `"${topic}" is not an agency topic`, { hint: `use one of ${agencyTopicIds.join(', ')}` });
  }
  return topic as AgencyTopicId;
}

async function withAdmin<T>(config: Config, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = createKafka(config, 'live-risk-agency').admin();
  try {
    await admin.connect();
    return await work(admin);
  } catch (error) {
    if (error instanceof LiveRiskError) throw error;
    const classified = classifyError(error, 'kafka');
    throw classified.code === 'KAFKA_UNAVAILABLE' ? kafkaUnavailable(config, error) : classified;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The agency's topics as its ACLs grant them (Write on a topic of this prefix), or null if it has none. */
async function grantedAgency(config: Config, admin: Admin, name: string): Promise<Agency | null> {
  const principal = agencyPrincipal(config, name);
  const acls = await aclsOf(admin, principal);
  if (acls.length === 0) return null;
  const byName = new Map(Object.entries(topicNames(config.topicPrefix)).map(([id, topic]) => [topic, id as TopicId]));
  const topics = agencyTopicIds.filter((id) => acls.some((acl) => acl.operation === AclOperationTypes.WRITE && byName.get(acl.resourceName) === id));
  return { name, principal, topics };
}

export async function addAgency(config: Config, name: string, topics: readonly AgencyTopicId[], progress: Progress = () => undefined): Promise<AgencyCredentials> {
  checkAgencyName(name);
  if (topics.length === 0) throw new LiveRiskError('INPUT_INVALID', 'an agency needs at least one topic', { hint: `add --topic with one of ${agencyTopicIds.join(', ')}` });
  const principal = agencyPrincipal(config, name);
  return withAdmin(config, async (admin) => {
    if (await grantedAgency(config, admin, name)) {
      throw new LiveRiskError('INPUT_INVALID', `agency ${name} exists already`, { hint: `use \`live-risk agency rotate ${name}\` for a new secret, or revoke it first` });
    }
    const password = newSecret();
    // The credential first: ACLs without a credential are harmless, a credential without ACLs can do nothing.
    await upsertScramCredential(config, principal, password, progress);
    const names = topicNames(config.topicPrefix);
    await admin.createAcls({ acl: agencyAcls(principal, [...new Set(topics)].map((id) => names[id])) });
    return { agency: { name, principal, topics: [...new Set(topics)] }, kafka: { username: principal, password } };
  });
}

export async function rotateAgency(config: Config, name: string, progress: Progress = () => undefined): Promise<AgencyCredentials> {
  checkAgencyName(name);
  return withAdmin(config, async (admin) => {
    const agency = await grantedAgency(config, admin, name);
    if (!agency) throw notFound(name);
    const password = newSecret();
    await upsertScramCredential(config, agency.principal, password, progress);
    return { agency, kafka: { username: agency.principal, password } };
  });
}

/** Removes the ACLs first (nothing more is allowed from this moment), then the credential. */
export async function revokeAgency(config: Config, name: string, progress: Progress = () => undefined): Promise<Agency> {
  checkAgencyName(name);
  return withAdmin(config, async (admin) => {
    const agency = await grantedAgency(config, admin, name);
    if (agency) await revokeAllAcls(admin, agency.principal);
    const credential = await deleteScramCredential(config, agencyPrincipal(config, name), progress);
    if (!agency && credential === 'absent') throw notFound(name);
    return agency ?? { name, principal: agencyPrincipal(config, name), topics: [] };
  });
}

export async function listAgencies(config: Config): Promise<Agency[]> {
  return withAdmin(config, async (admin) => {
    const prefix = `User:${config.topicPrefix}${principalStem}`;
    const names = new Set((await topicAcls(admin)).filter((acl) => acl.principal.startsWith(prefix)).map((acl) => acl.principal.slice(prefix.length)));
    const agencies = await Promise.all([...names].filter((name) => namePattern.test(name)).map((name) => grantedAgency(config, admin, name)));
    return agencies.filter((agency): agency is Agency => agency !== null && agency.topics.length > 0).sort((a, b) => a.name.localeCompare(b.name));
  });
}

const notFound = (name: string) =>
  new LiveRiskError('NOT_FOUND', `no agency ${name} (for topic prefix as configured)`, { hint: 'see `live-risk agency list`; LIVE_RISK_TOPIC_PREFIX must be the one it was added with' });
