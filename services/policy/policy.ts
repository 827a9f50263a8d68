import { join } from 'node:path';
import { z } from 'zod';
import { agencies, calendarDate, codeListByAgency, encompassFields, lawfulBases, narrative, perAgency, recipientRoles, text, type Agency, type EncompassField } from '../contracts';
import { loadJsonDocument, parseJsonDocument, type IssueSink, type JsonFileHints, type Reading } from '../platform/json-file';
import { sharingAgreement } from './agreement';

/**
 * Sharing agreements as data: a versioned JSON file, validated here when a command starts.
 *
 *   { "version": "2026.1", "effectiveFrom": "2026-01-01", "description": "...",
 *     "agencies": { "health": { "specialCategory": true, "contact": "who to ask",
 *                               "organisations": { "Avonford NHS Trust": "who to ask there" },
 *                               "agreement": { "reference", "signatories", "startDate", "reviewDate" } (agreement.ts),
 *                               "categories": { "SELF_HARM": {
 *                                   "description": "why this level and basis", "justification": "...",
 *                                   "roles": { "lead-practitioner": { "level": "summary", "basis": "vital-interests" }, ... } } } },
 *                   "police": {...}, "housing": {...} } }
 *
 * Every category of an agency's code list is covered exactly once and names every recipient role,
 * so nothing is ever shared (or withheld) by accident. A category relied on under vital interests
 * states the safeguarding justification; special-category data (health) shared in full states its
 * Article 9 condition.
 */
export const policyLevels = ['full', 'summary', 'existence-only', 'none'] as const;
/**
 * The policy's columns: the digest recipients, and from 2026.3 the school's designated safeguarding
 * lead, who receives Operation Encompass notifications (never a digest). A policy released before
 * then has no school-dsl column: nothing was shared with schools.
 */
export const policyRoles = [...recipientRoles, 'school-dsl'] as const;
export type PolicyRole = (typeof policyRoles)[number];
export type PolicyLevel = (typeof policyLevels)[number];
export type LawfulBasis = (typeof lawfulBases)[number];

// Contacts and justifications are copied into digest items, so they follow the same text rules as
// the events that carry them: a bad file is refused when it is loaded, not when a digest is relayed.
const wording = (max: number) => z.string().trim().pipe(narrative({ min: 3, max }));
const contactText = z.string().trim().pipe(text({ min: 3, max: 300 }));

const roleRule = z.object({ level: z.enum(policyLevels), basis: z.enum(lawfulBases) }).strict();
export type RoleRule = Readonly<z.infer<typeof roleRule>>;

const categoryRule = z
  .object({
    description: wording(1000).describe('why this level and basis, for the governance officer reading the agreement'),
    justification: wording(1000).optional().describe('the safeguarding justification; required when a role relies on vital interests'),
    article9Condition: wording(300).optional().describe('the UK GDPR Article 9 condition for special-category data shared in full'),
    roles: z.record(z.string(), roleRule),
  })
  .strict();
export type CategoryRule = Readonly<z.infer<typeof categoryRule>>;

const agencyPolicyFields = {
  specialCategory: z.boolean().default(false).describe('true for special-category (health) data'),
  contact: contactText.describe('whom a recipient of an existence-only item contacts at the source agency'),
  organisations: z.record(z.string().min(1), contactText).default({}).describe('a contact per publishing organisation, where it differs'),
  categories: z.record(z.string(), categoryRule),
};
/** Today: each agency's part names the agreement it implements. */
const agencyPolicy = z.object({ ...agencyPolicyFields, agreement: sharingAgreement }).strict();
/** Files released before agreements were recorded have none. */
const archivedAgencyPolicy = z.object({ ...agencyPolicyFields, agreement: sharingAgreement.optional() }).strict();
type AgencyPolicy = z.infer<typeof archivedAgencyPolicy>;

/**
 * Today's policy is held to today's code lists: every agency present, every category covered,
 * every agency's signed agreement recorded. A released policy is read as it was written: an agency
 * or category it lacks did not exist then, so nothing of it is shared; an agency without an
 * agreement predates their recording. Codes it names must still be real codes.
 */
const checkCoverage = (reading: Reading) => (policy: Readonly<{ agencies: Partial<Record<Agency, AgencyPolicy>> }>, context: IssueSink) => {
  for (const agency of agencies) {
    const agreement = policy.agencies[agency];
    if (!agreement) continue; // only an archived file may lack an agency: it had not joined then
    const known = Object.keys(codeListByAgency[agency]);
    const path = ['agencies', agency, 'categories'];
    if (reading === 'current') {
      for (const category of known.filter((code) => !(code in agreement.categories))) {
        context.addIssue({ code: 'custom', path, message: `${category} has no agreement; every ${agency} category must be covered` });
      }
    }
    for (const [category, rule] of Object.entries(agreement.categories)) {
      if (!known.includes(category)) {
        context.addIssue({ code: 'custom', path: [...path, category], message: `${category} is not in the ${agency} code list (${known.join(', ')})` });
        continue;
      }
      const required: readonly string[] = reading === 'current' ? policyRoles : recipientRoles;
      for (const role of required.filter((name) => !(name in rule.roles))) {
        context.addIssue({ code: 'custom', path: [...path, category, 'roles'], message: `no level for ${role}; every role (${required.join(', ')}) must be given one` });
      }
      for (const role of Object.keys(rule.roles).filter((name) => !(policyRoles as readonly string[]).includes(name))) {
        context.addIssue({ code: 'custom', path: [...path, category, 'roles', role], message: `${role} is not a recipient role (${policyRoles.join(', ')})` });
      }
      const rules = Object.values(rule.roles);
      if (rules.some((r) => r.basis === 'vital-interests') && !rule.justification) {
        context.addIssue({ code: 'custom', path: [...path, category, 'justification'], message: 'a category shared under vital interests must state its safeguarding justification' });
      }
      if (agreement.specialCategory && rules.some((r) => r.level === 'full') && !rule.article9Condition) {
        context.addIssue({ code: 'custom', path: [...path, category, 'article9Condition'], message: `${agency} data is special-category: sharing it in full needs an Article 9 condition (or share at most a summary)` });
      }
    }
  }
};

const policyFields = {
  version: text({ min: 1, max: 50 }),
  effectiveFrom: calendarDate,
  description: narrative({ max: 2000 }).default(''),
};

/**
 * Operation Encompass: the fields each police force sends a school (by the force's name as its
 * events give their source organisation), and what a force not listed sends. Only these ever leave.
 */
const fieldSet = z.array(z.enum(encompassFields)).min(1).refine((fields) => new Set(fields).size === fields.length, 'a field is listed twice');
const encompassPolicy = z
  .object({
    description: wording(2000),
    fieldSets: z.record(z.string().min(1), fieldSet),
    otherForces: fieldSet.describe('the field set of a force not listed'),
  })
  .strict();
export type EncompassPolicy = Readonly<z.infer<typeof encompassPolicy>>;

/** Today's policy: every agency, every category, every agreement; the Encompass field sets. */
export const policySchema = z
  .object({ ...policyFields, agencies: perAgency(agencyPolicy), encompass: encompassPolicy })
  .strict()
  .superRefine(checkCoverage('current'));
/** A released or recorded policy, read as it was: what it lacks did not exist (or was not recorded) then. */
export const archivedPolicySchema = z
  .object({ ...policyFields, agencies: perAgency(archivedAgencyPolicy.optional()), encompass: encompassPolicy.optional() })
  .strict()
  .superRefine(checkCoverage('archived'));

/** Any policy, today's or archived: an agency that had not joined yet is absent. */
export type Policy = Readonly<z.infer<typeof archivedPolicySchema>>;
/** Today's policy: every agency present with its agreement. */
export type CurrentPolicy = Readonly<z.infer<typeof policySchema>>;

/** Every released policy is kept here (sub-folders too), so a past digest can be rebuilt with its version. */
export const policiesDirectory = join(__dirname, 'policies');
export const builtInPolicyFile = join(policiesDirectory, 'default.json');

const policyFileHints: JsonFileHints = {
  unreadable: 'check LIVE_RISK_POLICY_FILE (or --policy) names a readable JSON file',
  notJson: 'check the file with a JSON validator; the built-in policy is services/policy/policies/default.json',
  invalid: 'fix the file (see "Sharing policy and consent" in README.md), or unset LIVE_RISK_POLICY_FILE to use the built-in policy; to read a released version as it was, `live-risk policy show --released --file FILE`',
};

/** Parses a policy, or explains every problem with its path so the author can fix the file. */
export function parsePolicy(json: unknown, source: string): CurrentPolicy {
  return parseJsonDocument(policySchema, json, 'the sharing policy', source, policyFileHints);
}

const archivedPolicyHints: JsonFileHints = {
  ...policyFileHints,
  invalid: 'a released policy must never change: restore the file as it was released (git log shows it), or record the version it claims',
};

/** Parses a policy a past digest was issued under, as it was: see `checkCoverage`. */
export function parseArchivedPolicy(json: unknown, source: string): Policy {
  return parseJsonDocument(archivedPolicySchema, json, 'the archived sharing policy', source, archivedPolicyHints);
}

export function loadArchivedPolicy(file: string): Policy {
  return loadJsonDocument(archivedPolicySchema, file, 'the archived sharing policy', archivedPolicyHints);
}

export function loadPolicy(file: string = builtInPolicyFile): CurrentPolicy {
  return loadJsonDocument(policySchema, file, 'the sharing policy', policyFileHints);
}

export function categoryRuleFor(policy: Policy, agency: Agency, category: string): CategoryRule | undefined {
  // An agency absent from an archived policy had not joined: nothing of it was shared.
  const categories = policy.agencies[agency]?.categories;
  return categories && Object.prototype.hasOwnProperty.call(categories, category) ? categories[category] : undefined;
}

/** Whom to contact at the source: the organisation's own contact, else the agency's. */
export function contactFor(policy: Policy, agency: Agency, organisation: string): string {
  const agreement = policy.agencies[agency];
  if (!agreement) return 'the source agency';
  return Object.prototype.hasOwnProperty.call(agreement.organisations, organisation) ? agreement.organisations[organisation] : agreement.contact;
}

/** The Encompass fields `force` sends; none under a policy from before Encompass. */
export function encompassFieldSetOf(policy: Policy, force: string): readonly EncompassField[] {
  if (!policy.encompass) return [];
  const { fieldSets, otherForces } = policy.encompass;
  return Object.prototype.hasOwnProperty.call(fieldSets, force) ? fieldSets[force] : otherForces;
}
