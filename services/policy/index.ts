export { builtInPolicyFile, categoryRuleFor, policiesDirectory, contactFor, loadPolicy, parsePolicy, policyLevels, policySchema } from './policy';
export type { CategoryRule, LawfulBasis, Policy, PolicyLevel, RoleRule } from './policy';
export { consentStanding, type ConsentRecord, type ConsentStanding } from './consent';
export { applyPolicy, decideDisclosure, subjectOf } from './disclosure';
export type { AppliedPolicy, DisclosureDecision, DisclosureSubject, PolicyContext } from './disclosure';
export { policyTables, type PolicyTables } from './policy-table';
