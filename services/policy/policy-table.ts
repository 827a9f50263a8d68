import { agencies, categoryInfo } from '../contracts';
import { agreementStandings } from './agreement';
import { policyRoles, type Policy, type PolicyRole, type RoleRule } from './policy';

export type PolicyTables = Readonly<{
  title: string;
  sections: ReadonlyArray<{ heading: string; headers: string[]; rows: string[][] }>;
}>;

const basisWords = { consent: 'consent', 'public-task': 'public task', 'vital-interests': 'vital interests' } as const;

/** "summary, on consent": a level with its basis; a level of none relies on no basis, nor a role the category does not name. */
const cell = (rule: RoleRule | undefined) => (!rule || rule.level === 'none' ? 'none' : `${rule.level}, on ${basisWords[rule.basis]}`);

/**
 * The sharing agreements as tables a governance officer can read: what each role sees of each
 * agency's categories and on what lawful basis, then whom to contact and the safeguarding
 * justifications the agreements rely on, and the signed agreements themselves (with `today`,
 * those past their review date are marked). With `role`, one role's column and the reasons.
 */
export function policyTables(policy: Policy, role?: PolicyRole, today?: string): PolicyTables {
  // An archived policy may lack agencies that joined later: nothing of theirs was shared then.
  const present = agencies.flatMap((agency) => {
    const ofAgency = policy.agencies[agency];
    return ofAgency ? [{ agency, ...ofAgency }] : [];
  });
  const entries = present.flatMap(({ agency, categories }) =>
    Object.entries(categories).map(([code, rule]) => ({ agency, label: categoryInfo(agency, code)?.label ?? code, rule })),
  );
  // The school-dsl column came with 2026.3 (Operation Encompass): a policy released before it has none.
  const roles = role ? [role] : policyRoles.filter((name) => name !== 'school-dsl' || entries.some(({ rule }) => rule.roles[name]));
  const levels = entries.map(({ agency, label, rule }) => [agency, label, ...roles.map((name) => cell(rule.roles[name])), ...(role ? [rule.description] : [])]);
  const contacts = present.flatMap(({ agency, contact, organisations }) => [
    [agency, '(any organisation)', contact],
    ...Object.entries(organisations).map(([organisation, perOrganisation]) => [agency, organisation, perOrganisation]),
  ]);
  const standing = new Map(today ? agreementStandings(policy, today).map((s) => [s.agency, s]) : []);
  const agreements = present.map(({ agency, agreement }) =>
    agreement
      ? [
          agency,
          agreement.reference + (agreement.title ? ` (${agreement.title})` : ''),
          agreement.signatories.map((s) => `${s.role}, ${s.organisation}`).join('; '),
          agreement.startDate,
          agreement.reviewDate + (standing.get(agency)?.overdue ? ` (review overdue by ${standing.get(agency)?.daysOverdue} days)` : ''),
        ]
      : [agency, '(not recorded in this version)', '', '', ''],
  );
  const justifications = entries.filter(({ rule }) => rule.justification).map(({ agency, label, rule }) => [agency, label, rule.justification ?? '']);
  const special = present.filter(({ specialCategory }) => specialCategory).map(({ agency }) => agency);
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
      { heading: 'The data-sharing agreement each agency signed, which this policy implements', headers: ['Agency', 'Reference', 'Signed by', 'Start', 'Review by'], rows: agreements },
    ],
  };
}
