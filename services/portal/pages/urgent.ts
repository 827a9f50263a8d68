import { html, SafeHtml } from '../../digest/escape-html';
import { readableInstant } from '../../digest/readable-time';
import type { UrgentAlertRow } from '../../urgent/alerts-store';
import { csrfField, page, type Viewer } from './layout';

/**
 * Urgent alerts in the portal: the list (a lead practitioner's families, and the duty team's own),
 * and one alert with its acknowledge form. An alert shows the family's reference, what the urgent
 * rule saw in its own words and when; what happened is in the family's record and the next digest,
 * under the sharing policy.
 */
export const urgentPath = (alertId: string): string => `/urgent/${encodeURIComponent(alertId)}`;
export const acknowledgeUrgentPath = (alertId: string): string => `${urgentPath(alertId)}/acknowledge`;

const when = (at: Date | null): string => (at ? readableInstant(at.toISOString()) : '');
const wentTo = (alert: UrgentAlertRow): string => (alert.routedTo === 'duty-team' ? `the duty team${alert.quietHours ? ' (quiet hours)' : ''}` : 'the lead practitioner');
const state = (alert: UrgentAlertRow): string =>
  [alert.acknowledgedAt ? `Acknowledged by ${alert.acknowledgedBy} at ${when(alert.acknowledgedAt)}` : 'Not yet acknowledged', alert.escalatedAt ? `escalated to the ${alert.escalatedTo?.replace('-', ' ')} at ${when(alert.escalatedAt)}` : '']
    .filter(Boolean)
    .join('; ');

export function urgentListPage(viewer: Viewer, alerts: readonly UrgentAlertRow[]): string {
  const body: SafeHtml = alerts.length
    ? html`<table>
<caption>Urgent alerts, newest first</caption>
<thead><tr><th scope="col">Raised</th><th scope="col">Family</th><th scope="col">Urgent because</th><th scope="col">Went to</th><th scope="col">Status</th></tr></thead>
<tbody>
${alerts.map((alert) => html`<tr><td class="text"><a href="${urgentPath(alert.alertId)}">${when(alert.raisedAt)}</a></td><td class="text">${alert.familyReference ?? alert.familyId}</td><td class="text">${alert.says}</td><td class="text">${wentTo(alert)}</td><td class="text">${state(alert)}</td></tr>\n`)}
</tbody>
</table>`
    : html`<p>There are no urgent alerts for you.</p>`;
  return page(
    'Urgent alerts',
    html`<h1>Urgent alerts</h1>
<p>An urgent alert is raised at once when a risk cannot wait for the morning digest: to the family's lead practitioner, or inside the quiet hours to the duty team. Acknowledge it when someone is acting on it; an alert nobody acknowledges in time is escalated. The item is in the next morning digest as well.</p>
${body}`.value,
    viewer,
  );
}

export function urgentAlertPage(viewer: Viewer, alert: UrgentAlertRow): string {
  const form = alert.acknowledgedAt
    ? html``
    : html`<form method="post" action="${acknowledgeUrgentPath(alert.alertId)}">${new SafeHtml(csrfField(viewer.csrfToken))}<button type="submit">Acknowledge: someone is acting on it</button></form>`;
  return page(
    'Urgent alert',
    html`<h1>Urgent alert</h1>
<dl>
<dt>Family</dt><dd>${alert.familyReference ?? alert.familyId}</dd>
<dt>Urgent because</dt><dd>${alert.says}</dd>
<dt>Raised</dt><dd>${when(alert.raisedAt)}</dd>
<dt>Went to</dt><dd>${wentTo(alert)}</dd>
<dt>Status</dt><dd>${state(alert)}</dd>
</dl>
${form}
<p><a href="/urgent">All urgent alerts</a></p>`.value,
    viewer,
  );
}
