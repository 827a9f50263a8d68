import { html } from '../digest/escape-html';
import type { NotificationEmail } from '../notify';
import { notificationMessageId } from '../notify';

/**
 * The email that tells a school (or the council's team) an Encompass notification is waiting. Email
 * leaves our control, so it names the recipient and nothing about the child or the incident: they
 * sign in to the portal to read it.
 */
export function composeEncompassEmail(options: Readonly<{ notificationId: string; recipientName: string; to: string; from: string; portalUrl: string }>): NotificationEmail {
  const link = `${options.portalUrl.replace(/\/$/, '')}/encompass`;
  const heading = `A new Operation Encompass notification for ${options.recipientName}`;
  const note = 'Sign in to read it before the start of the next school day. This email holds no details about the child or the incident.';
  return {
    to: options.to,
    from: options.from,
    subject: 'New Operation Encompass notification: sign in to read it',
    text: [heading, '', note, '', `Read it: ${link}`, ''].join('\n'),
    html: html`<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${heading}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #ffffff; line-height: 1.5;">
<h1 style="font-size: 1.5rem;">${heading}</h1>
<p>${note}</p>
<p><a href="${link}" style="color: #1d70b8;">Read the notification</a></p>
</body>
</html>
`.toString(),
    messageId: notificationMessageId(options.notificationId),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
