import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry, type Admin } from 'kafkajs';
import type { TopicNames } from '../contracts';
import { processRoles, type ProcessRole } from '../platform/kafka-credentials';
import { processAcls } from './grants';

/**
 * ACLs through Kafka's admin API (CreateAcls, DescribeAcls, DeleteAcls). Creating a binding that
 * exists already changes nothing, so granting is idempotent and runs whenever the administrator
 * opens a runtime (next to creating the topics): a new topic prefix is usable by the processes at once.
 */
export const workerRoles = processRoles.filter((role): role is Exclude<ProcessRole, 'admin'> => role !== 'admin');

export async function grantProcessAcls(admin: Admin, topics: TopicNames, topicPrefix: string): Promise<void> {
  await admin.createAcls({ acl: workerRoles.flatMap((role) => processAcls(role, topics, topicPrefix)) });
}

/**
 * Removes every binding on this prefix's topics and consumer groups, whoever holds it: for a
 * deployment (or a test) whose topics are deleted, so granted names do not outlive them.
 */
export async function revokePrefixAcls(admin: Admin, topics: TopicNames, topicPrefix: string): Promise<void> {
  const any = { principal: undefined, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY };
  await admin.deleteAcls({
    filters: [
      ...Object.values(topics).map((name) => ({ ...any, resourceType: AclResourceTypes.TOPIC, resourceName: name, resourcePatternType: ResourcePatternTypes.LITERAL })),
      { ...any, resourceType: AclResourceTypes.GROUP, resourceName: `${topicPrefix}live-risk.`, resourcePatternType: ResourcePatternTypes.PREFIXED },
    ],
  });
}

/** Every binding of one principal, whatever the resource. */
export async function aclsOf(admin: Admin, principal: string): Promise<AclEntry[]> {
  const answer = await admin.describeAcls(anyAclOf(principal));
  return answer.resources.flatMap((resource) =>
    resource.acls.map((acl) => ({ ...acl, resourceType: resource.resourceType, resourceName: resource.resourceName, resourcePatternType: resource.resourcePatternType })),
  );
}

/** Every ALLOW binding on any topic, for listing principals by name. */
export async function topicAcls(admin: Admin): Promise<AclEntry[]> {
  const answer = await admin.describeAcls({ ...anyAclOf(undefined), resourceType: AclResourceTypes.TOPIC });
  return answer.resources.flatMap((resource) =>
    resource.acls.map((acl) => ({ ...acl, resourceType: resource.resourceType, resourceName: resource.resourceName, resourcePatternType: resource.resourcePatternType })),
  );
}

export async function revokeAllAcls(admin: Admin, principal: string): Promise<void> {
  await admin.deleteAcls({ filters: [anyAclOf(principal)] });
}

const anyAclOf = (principal: string | undefined) => ({
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
  ...(principal === undefined ? {} : { principal: `User:${principal}` }),
});
