import { categoryInfo, recipientRoles, type Agency, type RecipientRole } from '../contracts';
import type { Policy, RoleRule } from './policy';

export type PolicyTables = Readonly<{
  title: string;
  sections: ReadonlyArray<{ heading: string; headers: string[]; rows: string[][] }>;
}>;

const basisWords = { consent: 'consent', 'public-task': 'public task', 'vital-interests': 'vital interests' } as const;

/** "summary, on consent": a level with its basis; a level of none relies on no basis. */
const cell = (rule: RoleRule) => (rule.level === 'none' ? 'none' : `${rule.level}, on ${basisWords[rule.basis]}`);

/**
 * The sharing agreements as tables a governance officer can read: what each role sees of each
 * agency's categories and on what lawful basis, then whom to contact and the safeguarding
 * justifications the agreements rely on. With `role`, one role's column and the reasons.
 */
export function policyTables(policy: Policy, role?: RecipientRole): PolicyTables {
  const roles = role ? [role] : [...recipientRoles];
  const agencies = Object.keys(policy.agencies) as Agency[];
  const entries = agencies.flatMap((agency) =>
    Object.entries(policy.agencies[agency].categories).map(([code, rule]) => ({ agency, label: categoryInfo(agency, code)?.label ?? code, rule })),
  );
  const levels = entries.map(({ agency, label, rule }) => [agency, label, ...roles.map((name) => cell(rule.roles[name])), ...(role ? [rule.description] : [])]);
  const contacts = agencies.flatMap((agency) => [
    [agency, '(any organisation)', policy.agencies[agency].contact],
    ...Object.entries(policy.agencies[agency].organisations).map(([organisation, contact]) => [agency, organisation, contact]),
  ]);
  const justifications = entries.filter(({ rule }) => rule.justification).map(({ agency, label, rule }) => [agency, label, rule.justification ?? '']);
  const special = agencies.filter((agency) => policy.agencies[agency].specialCategory);
  return {
    title:
      `Sharing policy, version ${policy.version}, in force from ${policy.effectiveFrom}${policy.description ? ` — ${policy.description}` : ''}` +
      (special.length ? `\nSpecial-category data: ${special.join(', ')}` : ''),
    sections: [
      {
        heading:
          'What each role sees, and the lawful basis it relies on (full; summary: category, dates and area, no narrative; ' +
          'existence-only: that something happened and whom to ask; none). Vital interests means safeguarding: shared without consent, and marked.',
        headers: ['Agency', 'Category', ...roles, ...(role ? ['Why'] : [])],
        rows: levels,
      },
      { heading: 'Whom an existence-only recipient contacts', headers: ['Agency', 'Organisation', 'Contact'], rows: contacts },
      { heading: 'Safeguarding justifications for sharing without consent', headers: ['Agency', 'Category', 'Justification'], rows: justifications },
    ],
  };
}
