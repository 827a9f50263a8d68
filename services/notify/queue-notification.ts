import type { Knex } from 'knex';
import type { NotificationEmail } from './notification-email';

/** What an email announces; each path that sends email adds its kind here. */
export const notificationKinds = ['digest', 'encompass'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export type QueuedNotification = Readonly<{
  kind: NotificationKind;
  /** The id of what is announced (a digest id, an Encompass notification id): one email per id. */
  id: string;
  /** The practitioner it goes to; absent for a role mailbox (a school's safeguarding lead). */
  practitionerId?: string;
  /** The composed email, with no personal data; null when there is nothing to send (recorded as skipped). */
  email: NotificationEmail | null;
}>;

/**
 * Queues an email in the `notifications` outbox, inside the caller's transaction: the email goes if
 * and only if what it announces is committed. deliverNotifications (services/digest) sends it, from
 * the scheduler's tick or at once from the process that queued it. Queueing the same id again
 * changes nothing, so a re-delivered batch never sends a second email.
 */
export async function queueNotification(trx: Knex.Transaction, notification: QueuedNotification): Promise<void> {
  await trx('notifications')
    .insert({
      digest_id: notification.id,
      kind: notification.kind,
      practitioner_id: notification.practitionerId ?? null,
      status: notification.email ? 'pending' : 'skipped',
      email: notification.email ? JSON.stringify(notification.email) : null,
    })
    .onConflict('digest_id')
    .ignore();
}
