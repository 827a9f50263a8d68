import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import { agencyTopicIds, topicIds, type TopicId, type TopicNames } from '../contracts';
import { consumerRegistry, consumerNames } from '../consumers/registry';
import { principalOf, type ProcessRole } from '../platform/kafka-credentials';

/**
 * What each live-risk process may do on Kafka, as one table: the broker denies everything else
 * (StandardAuthorizer, allow.everyone.if.no.acl.found=false). Topic ACLs are LITERAL on the
 * prefixed names (an empty LIVE_RISK_TOPIC_PREFIX cannot be a PREFIXED pattern, and literal names
 * grant no topic added later by accident); consumer groups are PREFIXED, because every run joins a
 * group of its own named `<prefix>live-risk.<consumer>.<random>` (offset-reader.ts, topic-range.ts).
 *
 * Every process may Describe every live-risk topic: its metrics and readiness report the consumers'
 * lag (high watermarks), which reveals offsets, never content. Writes follow the outbox: a process
 * relays only the rows of the topics it may write (runtime.ts), so what it decides is what it sends.
 */
type Grant = Readonly<{ reads: readonly TopicId[]; writes: readonly TopicId[]; describesAll: boolean; groups: boolean }>;

const consumed = [...new Set(consumerNames.flatMap((name) => consumerRegistry[name].reads))];

export const processGrants: Readonly<Record<Exclude<ProcessRole, 'admin'>, Grant>> = {
  // `run` / `run --follow`: every consumer; the matcher links and dead-letters, a confirmed review
  // becomes a match, any projection may dead-letter; re-matching reads agency history (a group too);
  // the urgent decider raises urgent alerts; the Encompass decider tells schools (encompass).
  consumers: { reads: consumed, writes: ['matches', 'reviews', 'deadLetters', 'urgentAlerts', 'encompass'], describesAll: true, groups: true },
  // The morning digests: waits for the projections (offsets only), then publishes digests; escalates
  // unacknowledged urgent alerts; its daily retention run erases closed cases past their period and
  // says so on the cohort topic (family.erased). That write could forge cohort events, but the
  // scheduler already decides what every practitioner is sent and may destroy families' keys.
  scheduler: { reads: [], writes: ['digests', 'urgentAlerts', 'cohort'], describesAll: true, groups: false },
  // The portal: practitioners' acknowledgements, of digest items and of urgent alerts; schools'
  // acknowledgements of Encompass notifications; a reviewer's page reads the one agency event a
  // review is about (review requests name nobody: services/review/agency-person.ts), in a group of its own.
  portal: { reads: agencyTopicIds, writes: ['acknowledgements', 'urgentAlerts', 'encompass'], describesAll: true, groups: true },
  // The HTTPS ingest API publishes for agencies, to agency topics only, and reads nothing (its
  // metrics report the consumers' lag like every process's, hence Describe).
  ingest: { reads: [], writes: agencyTopicIds, describesAll: true, groups: false },
};
// criteria-approvals.v1 is read by the consumers (its projection) and written by no process: an
// approval is governance's decision, published from the operator's CLI (`live-risk criteria approve`,
// the administrator), so no long-running process can approve a report by itself.
// sharing-decisions.v1 likewise: a holder's decision to withhold (and its review) is recorded from
// the operator's CLI (`live-risk sharing withhold|review`); every consumer path reads its projection.

/** The topics a role's outbox relay publishes; undefined for the administrator (all of them). */
export function writableTopics(role: ProcessRole, topics: TopicNames): ReadonlySet<string> | undefined {
  if (role === 'admin') return undefined;
  return new Set(processGrants[role].writes.map((id) => topics[id]));
}

const allow = (principal: string, resourceType: AclResourceTypes, resourceName: string, pattern: ResourcePatternTypes, operation: AclOperationTypes): AclEntry => ({
  principal: `User:${principal}`,
  host: '*',
  resourceType,
  resourceName,
  resourcePatternType: pattern,
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

const onTopic = (principal: string, topic: string, operation: AclOperationTypes): AclEntry =>
  allow(principal, AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, operation);

/** The ACL bindings of one process role for the topics of one prefix. */
export function processAcls(role: Exclude<ProcessRole, 'admin'>, topics: TopicNames, topicPrefix: string): AclEntry[] {
  const grant = processGrants[role];
  const principal = principalOf(role);
  const described = grant.describesAll ? topicIds : [...new Set([...grant.reads, ...grant.writes])];
  return [
    ...described.map((id) => onTopic(principal, topics[id], AclOperationTypes.DESCRIBE)),
    ...grant.reads.map((id) => onTopic(principal, topics[id], AclOperationTypes.READ)),
    ...grant.writes.map((id) => onTopic(principal, topics[id], AclOperationTypes.WRITE)),
    // Join (Read), and delete the run's group afterwards (Delete); Describe for lag and offsets.
    ...(grant.groups
      ? [AclOperationTypes.READ, AclOperationTypes.DESCRIBE, AclOperationTypes.DELETE].map((operation) =>
          allow(principal, AclResourceTypes.GROUP, `${topicPrefix}live-risk.`, ResourcePatternTypes.PREFIXED, operation),
        )
      : []),
  ];
}

/** An agency may write its own topic(s) and describe them (a producer needs their metadata); nothing else. */
export function agencyAcls(principal: string, topicNamesOfAgency: readonly string[]): AclEntry[] {
  return topicNamesOfAgency.flatMap((topic) => [onTopic(principal, topic, AclOperationTypes.WRITE), onTopic(principal, topic, AclOperationTypes.DESCRIBE)]);
}
