export {
  auditEntryInput, auditKinds, disclosureLevels, toContent,
  type AuditContent, type AuditEntry, type AuditEntryInput, type AuditKind, type DisclosureLevel,
} from './audit-entry';
export {
  canonicalJson, chainEntries, checkAnchor, checkNext, checkRecordedHead, emptyChain, genesisHash, hashEntry, verifyChain,
  type ChainBreak, type ChainBreakReason, type ChainHead, type ChainVerdict,
} from './hash-chain';
export { appendAuditEntries, auditEntryAt, countAuditEntries, entriesAbout, listAuditEntries, readAuditPage, recordedHead } from './audit-store';
export { classifySubject, type SubjectQuery } from './subject';
export { resolveSubject, subjectAccess, type SubjectAccess } from './subject-store';
export { verifyAuditLog } from './verify-log';
export { chainStart, checkCheckpoints, lastToAgeOut, type Checkpoint } from './checkpoints';
export { ageOutAuditLog, readCheckpoints, type AgeingOutcome } from './ageing';
