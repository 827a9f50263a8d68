import { encompassFields, type EncompassContent } from '../../contracts';
import { html, SafeHtml } from '../../digest/escape-html';
import { readableDate, readableInstant } from '../../digest/readable-time';
import { onTime, type EncompassListing, type EncompassNotice, type EncompassScope } from '../encompass';
import { csrfField, page, type Viewer } from './layout';

/**
 * Operation Encompass in the portal: the list a school's DSL (or the council's team for
 * home-educated children) reads, newest first, with no personal data on it; and one notification
 * with exactly the fields its force sends (a force that sends less shows less, and says so) and the
 * form to acknowledge it. No script: the acknowledgement is a plain form post with the CSRF token.
 */
export const encompassPath = '/encompass';
export const noticePath = (notificationId: string): string => `${encompassPath}/${encodeURIComponent(notificationId)}`;
export const acknowledgePath = (notificationId: string): string => `${noticePath(notificationId)}/acknowledge`;

const recipientWords = (scope: EncompassScope): string =>
  scope.kind === 'school' ? `your school, ${scope.name ?? 'a school not in the schools register'} (URN ${scope.urn})` : 'the council, for children educated at home';

const timeliness = (notice: EncompassListing): SafeHtml =>
  onTime(notice)
    ? html`On time`
    : html`<strong>Late</strong>${notice.lateFromAgency ? ' (the police record reached the council after the deadline)' : ''}`;

const acknowledgement = (notice: EncompassListing): string => (notice.acknowledgedAt ? `Acknowledged ${readableInstant(notice.acknowledgedAt.toISOString())}` : 'Not yet acknowledged');

export function encompassListPage(viewer: Viewer, scope: EncompassScope, notices: readonly EncompassListing[]): string {
  const rows = notices.map(
    (notice) => html`<tr>
<td class="text"><a href="${noticePath(notice.notificationId)}">${readableInstant(notice.sentAt.toISOString())}</a></td>
<td class="text">${notice.force}</td>
<td class="text">${readableInstant(notice.deadline.toISOString())}</td>
<td class="text">${timeliness(notice)}</td>
<td class="text">${acknowledgement(notice)}</td>
</tr>
`,
  );
  const table = notices.length
    ? html`<table>
<caption>Notifications for ${recipientWords(scope)}, newest first</caption>
<thead><tr><th scope="col">Sent</th><th scope="col">Police force</th><th scope="col">Deadline</th><th scope="col">Sent in time?</th><th scope="col">Acknowledged?</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`
    : html`<p>There are no notifications for ${recipientWords(scope)}.</p>`;
  return page(
    'Operation Encompass',
    html`<h1>Operation Encompass notifications</h1>
<p>The police tell ${recipientWords(scope)} when a child may have been a victim of domestic abuse, before the start of the next school day (section 49A of the Domestic Abuse Act 2021). Open a notification to read what the force sent and to acknowledge it; each reading is recorded.</p>
${table}`.value,
    viewer,
  );
}

/** The force's fields, in the order encompass-events.ts lists them; only those present were sent. */
function sentFields(content: EncompassContent): SafeHtml[] {
  const row = (label: string, value: string) => html`<tr><th scope="row">${label}</th><td class="text">${value}</td></tr>\n`;
  return [
    content.child && row('Child', `${content.child.givenName} ${content.child.familyName}, born ${readableDate(content.child.dateOfBirth)}`),
    content.policeReference !== undefined && row('Police reference', content.policeReference),
    content.occurredAt !== undefined && row('When', readableInstant(content.occurredAt)),
    content.postcodeDistrict !== undefined && row('Where (postcode district)', content.postcodeDistrict),
    content.involvement !== undefined && row('How the child figures in the police record', content.involvement),
    content.circumstances !== undefined && row('What happened', content.circumstances),
  ].filter((value): value is SafeHtml => value !== undefined && value !== false);
}

export function encompassNoticePage(viewer: Viewer, notice: EncompassNotice): string {
  const fields = sentFields(notice.content);
  const acknowledged = notice.acknowledgedAt
    ? html`<p class="acknowledged">Acknowledged by ${notice.acknowledgedBy ?? 'someone'} on ${readableInstant(notice.acknowledgedAt.toISOString())}.</p>`
    : html`<form method="post" action="${acknowledgePath(notice.notificationId)}">
${new SafeHtml(csrfField(viewer.csrfToken))}
<p>Acknowledging tells the police and the council that the notification reached you. It does not replace your school's own safeguarding record.</p>
<button type="submit">Acknowledge</button>
</form>`;
  return page(
    'Operation Encompass notification',
    html`<h1>Operation Encompass notification</h1>
<p>From ${notice.force}, sent ${readableInstant(notice.sentAt.toISOString())}; deadline ${readableInstant(notice.deadline.toISOString())}: ${timeliness(notice)}.</p>
<table>
<caption>What the force sent (${fields.length === encompassFields.length ? 'every field' : 'this force sends only these fields'})</caption>
<tbody>
${fields}</tbody>
</table>
<p>Keep this information within your school's safeguarding record. Do not share it with the child or their family unless your safeguarding procedures say so.</p>
${acknowledged}
<p><a href="${encompassPath}">All notifications</a></p>`.value,
    viewer,
  );
}
