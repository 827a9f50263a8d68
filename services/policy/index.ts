export { builtInPolicyFile, categoryRuleFor, encompassFieldSetOf, policyRoles, policiesDirectory, contactFor, loadArchivedPolicy, loadPolicy, parseArchivedPolicy, parsePolicy, policyLevels, archivedPolicySchema, policySchema } from './policy';
export { agreementsInForce, type AgreementsReport } from './agreements-in-force';
export { agreementStandings, sharingAgreement, type AgreementStanding, type SharingAgreement } from './agreement';
export type { CategoryRule, CurrentPolicy, EncompassPolicy, PolicyRole, LawfulBasis, Policy, PolicyLevel, RoleRule } from './policy';
export { consentStanding, type ConsentRecord, type ConsentStanding } from './consent';
export { applyPolicy, decideDisclosure, subjectOf } from './disclosure';
export type { AppliedPolicy, DisclosureDecision, DisclosureSubject, PolicyContext } from './disclosure';
export { policyTables, type PolicyTables } from './policy-table';
