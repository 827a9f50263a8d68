/**
 * Telling practitioners their digest is ready: a pure composer for the notification email, which
 * carries counts and a link but no personal data, and a thin SMTP adapter that sends it.
 */
export { composeDigestNotification, digestLink, notificationMessageId } from './notification-email';
export type { NotificationEmail, NotificationOptions } from './notification-email';
export { createMailer, mailError } from './smtp-mailer';
export type { Mailer } from './smtp-mailer';
export { notificationKinds, queueNotification } from './queue-notification';
export type { NotificationKind, QueuedNotification } from './queue-notification';
