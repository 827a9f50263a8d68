import { agencies, agencyCodeLists, categoryInfo, recipientRoles, type Agency, type RecipientRole } from '../../contracts';
import { escapeHtml } from '../../digest/escape-html';
import { readableDate, readableInstant } from '../../digest/readable-time';
import type { Policy, PolicyLevel } from '../../policy';
import { page, type Viewer } from './layout';

/**
 * The family summary: what is held about a family and who can see it, in plain words, written for
 * the family to read (a practitioner can print it or read it with them). The cohort must not be a
 * secret list: this page says why the family is on it, what each agency may share and how much,
 * and how to ask for everything that was shared. It names no agency event.
 */
export type FamilySummary = Readonly<{
  reference: string;
  enrolledOn: string;
  address: readonly string[];
  members: ReadonlyArray<Readonly<{ name: string; dateOfBirth: string | null; nhsNumberHeld: boolean; pncIdHeld: boolean }>>;
  consent: ReadonlyArray<Readonly<{ about: string; status: 'given' | 'withdrawn'; basis: string | null; safeguarding: boolean }>>;
  lead: string | null;
  covering: ReadonlyArray<Readonly<{ name: string; until: string | null }>>;
  policy: Policy;
  generatedAt: string;
}>;

const roleName: Readonly<Record<RecipientRole, string>> = {
  'lead-practitioner': 'Your lead practitioner',
  'covering-practitioner': 'A practitioner covering for them',
  'team-manager': 'Team managers',
};
const levelWords: Readonly<Record<PolicyLevel, string>> = {
  full: 'everything the agency recorded',
  summary: 'what kind of thing happened, when and roughly where; not the details',
  'existence-only': 'only that something was recorded, and whom to ask',
  none: 'nothing',
};
const basisWords: Readonly<Record<string, string>> = {
  consent: 'because you agreed (consent)',
  'public-task': "because it is the council's legal duty (public task)",
  'vital-interests': 'to keep someone safe from serious harm (vital interests)',
};

function consentSentence(entry: FamilySummary['consent'][number]): string {
  if (entry.status === 'withdrawn') return `${entry.about}: you withdrew your agreement. Only what the law allows without it is shared.`;
  if (entry.safeguarding) return `${entry.about}: information is shared without your agreement to keep someone safe (safeguarding).`;
  return `${entry.about}: information is shared ${basisWords[entry.basis ?? 'consent'] ?? 'as recorded'}.`;
}

function agencyTable(policy: Policy, agency: Agency): string {
  const rows = Object.entries(policy.agencies[agency]?.categories ?? {}).map(([code, rule]) => {
    const cells = recipientRoles.map((role) => {
      const r = rule.roles[role];
      return `<td class="text">${escapeHtml(r ? levelWords[r.level] : levelWords.none)}${r && r.level !== 'none' ? ` ${escapeHtml(basisWords[r.basis] ?? '')}` : ''}</td>`;
    });
    return `<tr><th scope="row">${escapeHtml(categoryInfo(agency, code)?.label ?? code)}</th>${cells.join('')}</tr>`;
  });
  return `<table>
<caption>${escapeHtml(agencyCodeLists[agency].publishers)}: what they may share, and with whom</caption>
<thead><tr><th scope="col">Kind of information</th>${recipientRoles.map((role) => `<th scope="col">${escapeHtml(roleName[role])}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>${agreementSentence(policy, agency)}`;
}

/** Which signed agreement the table implements, so the family can ask for it by its reference. */
function agreementSentence(policy: Policy, agency: Agency): string {
  const agreement = policy.agencies[agency]?.agreement;
  if (!agreement) return '';
  const signed = [...new Set(agreement.signatories.map((signatory) => signatory.organisation))].join(', ');
  return `\n<p>This is agreement ${escapeHtml(agreement.reference)}, signed by ${escapeHtml(signed)}, in force since ${escapeHtml(readableDate(agreement.startDate))} and due for review by ${escapeHtml(readableDate(agreement.reviewDate))}.</p>`;
}

export function familySummaryPage(viewer: Viewer, summary: FamilySummary): string {
  const members = summary.members.map((m) => {
    const held = [m.dateOfBirth ? `date of birth ${escapeHtml(readableDate(m.dateOfBirth))}` : '', m.nhsNumberHeld ? 'NHS number' : '', m.pncIdHeld ? 'police national computer number' : ''];
    return `<li>${escapeHtml(m.name)}${held.some(Boolean) ? `: ${held.filter(Boolean).join(', ')}` : ''}</li>`;
  });
  const consent = summary.consent.length
    ? `<ul>\n${summary.consent.map((entry) => `<li>${escapeHtml(consentSentence(entry))}</li>`).join('\n')}\n</ul>`
    : '<p>No decision about sharing has been recorded yet. Until it is, only what the law allows without your agreement is shared.</p>';
  const covering = summary.covering.length
    ? summary.covering.map((c) => `<li>${escapeHtml(c.name)}, covering for your lead practitioner${c.until ? ` until ${escapeHtml(readableInstant(c.until))}` : ''}</li>`).join('\n')
    : '';
  return page(
    `What we hold about family ${summary.reference}`,
    `<h1>What we hold about your family, and who can see it</h1>
<p>Your family (our reference ${escapeHtml(summary.reference)}) has been part of the council's Supporting Families programme since ${escapeHtml(readableDate(summary.enrolledOn))}. The programme gives you one lead practitioner who works with everyone involved with your family. This page says what we keep, who can see it, and how to find out more. It was written on ${escapeHtml(readableInstant(summary.generatedAt))}.</p>
<h2>What we hold about you</h2>
<p>Your address: ${escapeHtml(summary.address.join(', '))}.</p>
<p>The people in your family, as we have them written down:</p>
<ul>
${members.join('\n')}
</ul>
<p>If anything here is wrong, tell your lead practitioner and we will correct it.</p>
<h2>Your agreement to sharing</h2>
${consent}
<h2>What other services tell us</h2>
<p>When the police, a housing provider, an NHS service or a school records something about someone in your family, they may tell us so that your lead practitioner can help early. Each service has a written agreement with the council saying what it may share, and how much. The tables show those agreements. Health information is given extra protection by law.</p>
${agencies.filter((agency) => summary.policy.agencies[agency] !== undefined).map((agency) => agencyTable(summary.policy, agency)).join('\n')}
<p>These agreements are version ${escapeHtml(summary.policy.version)}, in force since ${escapeHtml(readableDate(summary.policy.effectiveFrom))}.</p>
<h2>Who can see it</h2>
<ul>
<li>${summary.lead ? `${escapeHtml(summary.lead)}, your lead practitioner` : 'Your lead practitioner (not yet assigned)'}</li>
${covering}${covering ? '\n' : ''}<li>The programme's team managers, who oversee the work, as the tables say</li>
</ul>
<p>Every time someone opens information about your family, it is recorded: who, when and what.</p>
<h2>How to ask what was shared</h2>
<p>You have the right to ask for a copy of the information we hold about you and a list of what was shared about you, with whom and why (a subject access request). Ask your lead practitioner, or write to the council's data protection officer. We answer within one month, and it is free.</p>
<p>You can also withdraw your agreement to sharing at any time, or ask us to correct something. If you are not happy with how we use your information, you can complain to the Information Commissioner's Office.</p>`,
    viewer,
  );
}
