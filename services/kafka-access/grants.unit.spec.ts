import { AclOperationTypes, ResourcePatternTypes } from 'kafkajs';
import { agencyTopicIds, topicNames } from '../contracts';
import { consumerNames, consumerRegistry } from '../consumers/registry';
import { agencyAcls, processAcls, writableTopics } from './grants';

const topics = topicNames('t1.');
const ops = (acls: ReturnType<typeof processAcls>, operation: AclOperationTypes) => acls.filter((acl) => acl.operation === operation).map((acl) => acl.resourceName).sort();

describe('what each Kafka principal may do', () => {
  it('an agency may write and describe its own topics, and nothing else', () => {
    const acls = agencyAcls('t1.agency-police', [topics.police]);
    expect(acls.map((acl) => [acl.operation, acl.resourceName, acl.resourcePatternType])).toEqual([
      [AclOperationTypes.WRITE, 't1.police.incidents.v1', ResourcePatternTypes.LITERAL],
      [AclOperationTypes.DESCRIBE, 't1.police.incidents.v1', ResourcePatternTypes.LITERAL],
    ]);
    expect(acls.every((acl) => acl.principal === 'User:t1.agency-police')).toBe(true);
  });

  it('the consumers read every topic a consumer reads, in a group of their prefix, and write only what they decide', () => {
    const acls = processAcls('consumers', topics, 't1.');
    const read = [...new Set(consumerNames.flatMap((name) => consumerRegistry[name].reads))].map((id) => topics[id]).sort();
    expect(ops(acls, AclOperationTypes.READ)).toEqual([...read, 't1.live-risk.'].sort());
    expect(ops(acls, AclOperationTypes.WRITE)).toEqual([topics.deadLetters, topics.matches, topics.reviews, topics.urgentAlerts, topics.encompass].sort());
    expect(acls.filter((acl) => acl.resourcePatternType === ResourcePatternTypes.PREFIXED).map((acl) => acl.resourceName)).toEqual(['t1.live-risk.', 't1.live-risk.', 't1.live-risk.']);
  });

  it('the scheduler reads no topic; the portal reads only the agency topics (a reviewer sees the event a review is about); the scheduler writes digests, urgent alerts and (erasing closed cases) the cohort, the portal acknowledgements (of digest items, urgent alerts and Encompass notifications); ingest writes agency topics only', () => {
    expect(ops(processAcls('scheduler', topics, 't1.'), AclOperationTypes.READ)).toEqual([]);
    expect(ops(processAcls('scheduler', topics, 't1.'), AclOperationTypes.WRITE)).toEqual([topics.cohort, topics.digests, topics.urgentAlerts].sort());
    expect(ops(processAcls('portal', topics, 't1.'), AclOperationTypes.READ)).toEqual([...agencyTopicIds.map((id) => topics[id]), 't1.live-risk.'].sort());
    expect(ops(processAcls('portal', topics, 't1.'), AclOperationTypes.WRITE)).toEqual([topics.acknowledgements, topics.urgentAlerts, topics.encompass].sort());
    const ingest = processAcls('ingest', topics, 't1.');
    expect(ops(ingest, AclOperationTypes.READ)).toEqual([]);
    expect(ops(ingest, AclOperationTypes.WRITE)).toEqual(agencyTopicIds.map((id) => topics[id]).sort());
    expect(ops(ingest, AclOperationTypes.DESCRIBE)).toEqual(Object.values(topics).sort());
  });

  it('the consumers read the criteria approvals; no process may write one, only the operator who records governance\'s decision', () => {
    expect(ops(processAcls('consumers', topics, 't1.'), AclOperationTypes.READ)).toContain(topics.criteriaApprovals);
    for (const role of ['consumers', 'scheduler', 'portal', 'ingest'] as const) {
      expect(ops(processAcls(role, topics, 't1.'), AclOperationTypes.WRITE)).not.toContain(topics.criteriaApprovals);
    }
  });

  it('the consumers read the decisions to withhold; no process may write one, only the operator who records the holder\'s decision', () => {
    expect(ops(processAcls('consumers', topics, 't1.'), AclOperationTypes.READ)).toContain(topics.sharingDecisions);
    for (const role of ['consumers', 'scheduler', 'portal', 'ingest'] as const) {
      expect(ops(processAcls(role, topics, 't1.'), AclOperationTypes.WRITE)).not.toContain(topics.sharingDecisions);
    }
  });

  it('a process relays from the outbox only the topics it may write; the administrator relays all', () => {
    expect(writableTopics('admin', topics)).toBeUndefined();
    for (const role of ['consumers', 'scheduler', 'portal', 'ingest'] as const) {
      expect([...(writableTopics(role, topics) ?? [])].sort()).toEqual(ops(processAcls(role, topics, 't1.'), AclOperationTypes.WRITE));
    }
  });
});
