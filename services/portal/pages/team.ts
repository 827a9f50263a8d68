import { escapeHtml } from '../../digest/escape-html';
import { readableDate, readableInstant } from '../../digest/readable-time';
import { renderItem } from '../../digest/render-html';
import type { Team, TeamFamily, WaitingItem } from '../team';
import type { CoverForm } from '../team-cover';
import { csrfField, page, type Viewer } from './layout';

/**
 * The team manager's screen: first the high-risk items nobody has acknowledged (each rendered as
 * in the digest, cut to what a manager may see), then the team's families with their cover, then
 * the form to assign cover. After a form, either a notice (a fixed sentence chosen by the redirect,
 * never text from the request) or an error summary that keeps what was typed.
 */
export const teamNotices = { assigned: 'Cover assigned. The covering practitioner can see the family now.', ended: 'Cover ended. The practitioner can no longer see the family.' } as const;
export type TeamNotice = keyof typeof teamNotices;

export type TeamPageState = Readonly<{ notice?: TeamNotice; problem?: string; form?: Partial<CoverForm> }>;

export const coverAssignPath = '/team/cover/assign';
export const coverEndPath = '/team/cover/end';

export function noTeamPage(viewer: Viewer): string {
  return page(
    'Your team',
    `<h1>Your team</h1>
<p>Your practitioner record does not name a team, so there is no team to show. Teams come from the council's case-management export (the cohort's <code>lead_practitioner_team</code> column); ask whoever runs the cohort import to add yours.</p>`,
    viewer,
  );
}

export function teamPage(viewer: Viewer, team: Team, families: readonly TeamFamily[], waiting: readonly WaitingItem[], state: TeamPageState = {}): string {
  const notice = state.notice ? `<div class="notice" role="status"><p>${escapeHtml(teamNotices[state.notice])}</p></div>\n` : '';
  const problem = state.problem
    ? `<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">Cover was not changed</h2>
<p><a href="#cover-family">${escapeHtml(state.problem)}</a></p>
</div>\n`
    : '';
  return page(
    state.problem ? `Error: Your team, ${team.name}` : `Your team, ${team.name}`,
    `<h1>Your team: ${escapeHtml(team.name)}</h1>
${problem}${notice}<h2>High-risk items nobody has acknowledged</h2>
${waitingList(waiting)}
<h2>Your team's families</h2>
${familyTable(viewer, families)}
<h2 id="assign-cover">Assign cover</h2>
${assignForm(viewer, team, families, state.form ?? {})}`,
    viewer,
  );
}

function waitingList(waiting: readonly WaitingItem[]): string {
  if (waiting.length === 0) return '<p>None: every high-risk item sent to your team has been acknowledged.</p>';
  return `<ol class="items">\n${waiting
    .map(({ item, digestDate, sentTo }, index) =>
      renderItem(item, `waiting-${index + 1}`, `<p>In the digest for ${escapeHtml(readableDate(digestDate))} to ${escapeHtml(sentTo)}. Nobody has acknowledged it yet.</p>\n`),
    )
    .join('\n')}\n</ol>`;
}

function familyTable(viewer: Viewer, families: readonly TeamFamily[]): string {
  if (families.length === 0) return "<p>No family's lead practitioner is in your team.</p>";
  const rows = families.map((family) => {
    const cover = family.cover.length
      ? family.cover.map((c) => `${escapeHtml(c.name)}${c.until ? ` until ${escapeHtml(readableInstant(c.until.toISOString()))}` : ''}\n${endForm(viewer, family, c)}`).join('\n')
      : 'None';
    return `<tr><th scope="row">${escapeHtml(family.reference)}</th><td class="text">${escapeHtml(family.lead.name)}</td><td class="text">${escapeHtml(family.status)}</td><td class="text">${
      family.lastDigest ? escapeHtml(readableDate(family.lastDigest)) : 'None yet'
    }</td><td class="text">${cover}</td></tr>`;
  });
  return `<table>
<caption>Families whose lead practitioner is in your team</caption>
<thead><tr><th scope="col">Family</th><th scope="col">Lead practitioner</th><th scope="col">Status</th><th scope="col">Last digest</th><th scope="col">Cover</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function endForm(viewer: Viewer, family: TeamFamily, cover: TeamFamily['cover'][number]): string {
  return `<form method="post" action="${coverEndPath}" class="inline">
${csrfField(viewer.csrfToken)}<input type="hidden" name="familyId" value="${escapeHtml(family.familyId)}"><input type="hidden" name="practitionerId" value="${escapeHtml(cover.practitionerId)}">
<button type="submit" class="secondary">End cover<span class="visually-hidden"> by ${escapeHtml(cover.name)} of family ${escapeHtml(family.reference)}</span></button>
</form>`;
}

function options(choices: ReadonlyArray<readonly [string, string]>, selected: string | undefined): string {
  return choices.map(([value, label]) => `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`).join('\n');
}

function assignForm(viewer: Viewer, team: Team, families: readonly TeamFamily[], form: Partial<CoverForm>): string {
  const open = families.filter((family) => family.status === 'open');
  if (open.length === 0) return '<p>There is no open family in your team to cover.</p>';
  return `<form method="post" action="${coverAssignPath}">
${csrfField(viewer.csrfToken)}
<label for="cover-family">Family</label>
<select id="cover-family" name="familyId">
${options(open.map((family) => [family.familyId, `${family.reference} (lead: ${family.lead.name})`]), form.familyId)}
</select>
<label for="cover-practitioner">Covering practitioner</label>
<select id="cover-practitioner" name="practitionerId">
${options(team.practitioners.map((p) => [p.practitionerId, p.name]), form.practitionerId)}
</select>
<label for="cover-until">Last day of cover (optional)</label>
<p class="hint" id="cover-until-hint">Cover ends at midnight after this day. Leave it empty to keep cover until you end it here.</p>
<input type="date" id="cover-until" name="until" aria-describedby="cover-until-hint" value="${escapeHtml(form.until ?? '')}">
<label for="cover-reason">Reason (optional)</label>
<input type="text" id="cover-reason" name="reason" maxlength="500" value="${escapeHtml(form.reason ?? '')}">
<div><button type="submit">Assign cover</button></div>
</form>`;
}
