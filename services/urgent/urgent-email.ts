import { html } from '../digest/escape-html';
import { readableInstant } from '../digest/readable-time';
import type { NotificationEmail } from '../notify';

/**
 * The emails of urgent alerts. Like the digest's notification (services/notify), they leave our
 * control, so they carry NO personal data: not the family, its reference, the category or the rule's
 * words, only that something urgent is waiting, since when, and a link that opens after signing in.
 */
export type UrgentEmailOptions = Readonly<{ to: string; from: string; portalUrl: string }>;

export const alertLink = (portalUrl: string, alertId: string): string => `${portalUrl.replace(/\/$/, '')}/urgent/${encodeURIComponent(alertId)}`;

const signInNote = 'It opens only after you sign in. This email holds no details about the family.';

function compose(options: UrgentEmailOptions, subject: string, lines: readonly string[], link: string, messageId: string): NotificationEmail {
  return {
    to: options.to,
    from: options.from,
    subject,
    text: [...lines, '', `Open it: ${link}`, '', signInNote, ''].join('\n'),
    html: `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${html`${subject}`}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #ffffff; line-height: 1.5;">
<h1 style="font-size: 1.5rem;">${html`${subject}`}</h1>
${lines.map((line) => html`<p>${line}</p>`).join('\n')}
<p>${html`<a href="${link}" style="color: #1d70b8;">Open the alert</a>`}</p>
<p>${html`${signInNote}`}</p>
</body>
</html>
`,
    messageId,
    // RFC 3834: no out-of-office replies; and mail clients that honour it show it as urgent.
    headers: { 'Auto-Submitted': 'auto-generated', Importance: 'high', 'X-Priority': '1' },
  };
}

export function composeUrgentAlertEmail(alert: Readonly<{ alertId: string; raisedAt: string; forDutyTeam: boolean }>, options: UrgentEmailOptions): NotificationEmail {
  const who = alert.forDutyTeam ? 'the duty team' : 'you, as lead practitioner';
  return compose(
    options,
    'Urgent: an item needs attention now',
    [`An urgent item for ${who} was raised at ${readableInstant(alert.raisedAt)}.`, 'Please open it, and acknowledge it once someone is acting on it.'],
    alertLink(options.portalUrl, alert.alertId),
    `<${alert.alertId}@live-risk>`,
  );
}

export function composeEscalationEmail(alert: Readonly<{ alertId: string; raisedAt: string; afterMinutes: number }>, options: UrgentEmailOptions): NotificationEmail {
  return compose(
    options,
    'Escalated: an urgent item has not been acknowledged',
    [
      `An urgent item raised at ${readableInstant(alert.raisedAt)} has not been acknowledged within ${alert.afterMinutes} minutes.`,
      'Please make sure someone is acting on it, and acknowledge it.',
    ],
    alertLink(options.portalUrl, alert.alertId),
    `<${alert.alertId}.escalated@live-risk>`,
  );
}
