import type { z } from 'zod';
import { agencies } from './code-lists';
import { acknowledgementEvent } from './acknowledgement-events';
import { educationConcern, healthContact, housingIncident, policeIncident } from './agency-events';
import { cohortEvent } from './cohort-events';
import { criteriaApprovalEvent } from './criteria-events';
import { deadLettered } from './dead-letter-events';
import { encompassEvent } from './encompass-events';
import { digestIssued, matchLinked, reviewEvent } from './derived-events';
import { urgentAlertEvent } from './urgent-events';
import { sharingDecisionEvent } from './sharing-decision-events';
import { cohortEventOnWire, digestIssuedOnWire, encompassEventOnWire, matchLinkedOnWire, reviewEventOnWire } from './sealed-fields';

/**
 * Every topic live-risk owns: its schema (the registry subject is `<topic>-value`), its partition
 * count and what the key is. Retention is unlimited by default (`topicConfig`): the programme's own
 * topics are the source of truth. The retention schedule (services/retention) gives the agency topics
 * and dead-letter.v1 a limited life: most agency events are about people outside the cohort.
 * `wire`: the registered form where personal fields travel sealed (see wireSchemaOf).
 */
export const topicDefinitions = {
  police: {
    name: 'police.incidents.v1',
    schema: policeIncident,
    partitions: 3,
    key: "the agency's eventId, so copies of one incident stay in order",
  },
  housing: {
    name: 'housing.incidents.v1',
    schema: housingIncident,
    partitions: 3,
    key: "the agency's eventId",
  },
  health: {
    name: 'health.contacts.v1',
    schema: healthContact,
    partitions: 3,
    key: "the agency's eventId",
  },
  education: {
    name: 'education.concerns.v1',
    schema: educationConcern,
    partitions: 3,
    key: "the school's eventId",
  },
  cohort: {
    name: 'cohort.events.v1',
    schema: cohortEvent,
    wire: cohortEventOnWire,
    partitions: 3,
    key: 'familyId, so every change to one family is read in the order it was made',
  },
  matches: {
    name: 'matches.v1',
    schema: matchLinked,
    wire: matchLinkedOnWire,
    partitions: 3,
    key: 'familyId, so a family’s links are ordered',
  },
  reviews: {
    name: 'reviews.v1',
    schema: reviewEvent,
    wire: reviewEventOnWire,
    partitions: 3,
    key: 'reviewId, so a request and its decision stay in order',
  },
  digests: {
    name: 'digests.v1',
    schema: digestIssued,
    wire: digestIssuedOnWire,
    partitions: 3,
    key: 'practitionerId',
  },
  acknowledgements: {
    name: 'acknowledgements.v1',
    schema: acknowledgementEvent,
    partitions: 3,
    key: 'familyId, so what practitioners acknowledged about one family stays in order',
  },
  criteriaApprovals: {
    name: 'criteria-approvals.v1',
    schema: criteriaApprovalEvent,
    partitions: 1,
    key: 'reportId; one partition, since approvals are few and read in the order they were given',
  },
  urgentAlerts: {
    name: 'urgent-alerts.v1',
    schema: urgentAlertEvent,
    partitions: 3,
    key: 'familyId, so an alert is raised before it is acknowledged or escalated',
  },
  encompass: {
    name: 'encompass-notifications.v1',
    schema: encompassEvent,
    wire: encompassEventOnWire,
    partitions: 3,
    key: 'notificationId, so a notification and its acknowledgement stay in order',
  },
  sharingDecisions: {
    name: 'sharing-decisions.v1',
    schema: sharingDecisionEvent,
    partitions: 1,
    key: '<agency>:<agencyEventId>; one partition, since decisions are few and read in the order they were made',
  },
  deadLetters: {
    name: 'dead-letter.v1',
    schema: deadLettered,
    partitions: 1,
    key: 'the source topic, so rejections keep arrival order in one partition',
  },
} as const satisfies Record<string, { name: string; schema: z.ZodType; wire?: z.ZodType; partitions: number; key: string }>;

/**
 * The schema registered for a topic: `wire` where some fields travel sealed with a family's key
 * (services/contracts/sealed-fields.ts), else the event schema itself. Code reads and writes the
 * event schema; sealing and opening happen in the serializer and decodeMessage.
 */
export const wireSchemaOf = (id: TopicId): z.ZodType => {
  const definition: { schema: z.ZodType; wire?: z.ZodType } = topicDefinitions[id];
  return definition.wire ?? definition.schema;
};

export type TopicId = keyof typeof topicDefinitions;
export const topicIds = Object.keys(topicDefinitions) as TopicId[];
/** The topic each agency publishes to: the topic id is the agency's name. */
export const agencyTopicIds = agencies satisfies readonly TopicId[];

/** Kafka settings for every topic: never delete by time or size unless the retention schedule says so; refuse writes that lack a quorum; broker time. */
export const topicConfig: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'retention.ms', value: '-1' },
  { name: 'retention.bytes', value: '-1' },
  { name: 'cleanup.policy', value: 'delete' },
  { name: 'min.insync.replicas', value: '1' },
  // The broker stamps each message when it is appended: "when did this reach us" is then a fact of
  // the log that replays reproduce, not the publisher's clock.
  { name: 'message.timestamp.type', value: 'LogAppendTime' },
];

/** Topic names with the configured prefix (tests use a random prefix so they never see each other). */
export type TopicNames = Readonly<Record<TopicId, string>>;
export function topicNames(prefix: string): TopicNames {
  return Object.fromEntries(
    topicIds.map((id) => [id, `${prefix}${topicDefinitions[id].name}`]),
  ) as Record<TopicId, string>;
}
