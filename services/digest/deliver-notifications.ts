import type { Knex } from 'knex';
import type { Mailer, NotificationEmail, NotificationKind } from '../notify';
import { describeError, isRetriable } from '../platform/errors';
import type { Logger } from '../platform/logger';

export type DeliveryResult = Readonly<{ sent: number; failed: number; waiting: number }>;

/**
 * Sends the emails waiting in the `notifications` outbox (digests, Encompass notifications, …; see
 * services/notify/queue-notification.ts), one at a time, or only those of `kinds`: a process that
 * queued a time-critical email sends its own kind at once and leaves the rest to the scheduler. The row stays locked while its
 * email is sent, so two schedulers never send the same one; it is marked sent in the same
 * transaction. A crash between the SMTP server accepting and the commit sends that one email again,
 * with the same Message-ID, which mail clients treat as the same message. When the SMTP server is
 * unavailable the emails wait for the next run; a permanent rejection is recorded as failed.
 */
export async function deliverNotifications(db: Knex, mailer: Mailer, log: Logger, kinds?: readonly NotificationKind[]): Promise<DeliveryResult> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const outcome = await db.transaction(async (trx) => {
      const row: { digest_id: string; email: NotificationEmail } | undefined = await trx('notifications')
        .where('status', 'pending')
        .modify((query) => (kinds ? query.whereIn('kind', kinds) : query))
        .orderBy('created_at')
        .orderBy('digest_id')
        .forUpdate()
        .skipLocked()
        .first('digest_id', 'email');
      if (!row) return 'none' as const;
      try {
        await mailer.send(row.email);
        await trx('notifications').where('digest_id', row.digest_id).update({ status: 'sent', sent_at: trx.fn.now(), attempts: trx.raw('attempts + 1'), last_error: null });
        return 'sent' as const;
      } catch (error) {
        const retriable = isRetriable(error);
        log.warn('notification not sent', { notificationId: row.digest_id, retriable, error: describeError(error) });
        await trx('notifications')
          .where('digest_id', row.digest_id)
          .update({ status: retriable ? 'pending' : 'failed', attempts: trx.raw('attempts + 1'), last_error: describeError(error) });
        return retriable ? ('stop' as const) : ('failed' as const);
      }
    });
    if (outcome === 'sent') sent += 1;
    else if (outcome === 'failed') failed += 1;
    else break;
  }
  const waiting = await db('notifications').where('status', 'pending').modify((query) => (kinds ? query.whereIn('kind', kinds) : query)).count<{ count: string }[]>('* as count');
  return { sent, failed, waiting: Number(waiting[0].count) };
}
