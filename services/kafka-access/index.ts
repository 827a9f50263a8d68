export { applyProcessAccess, type ApplyOptions, type ApplyReport } from './apply';
export { aclsOf, grantProcessAcls, revokeAllAcls, revokePrefixAcls, topicAcls, workerRoles } from './acls';
export { agencyAcls, processAcls, processGrants, writableTopics } from './grants';
export { deleteScramCredential, upsertScramCredential, type ToolLogin } from './scram-tool';
