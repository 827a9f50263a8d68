import type { Knex } from 'knex';
import type { NotificationEmail } from '../notify';

/**
 * Queues an urgent email in `notifications`, in the caller's transaction, for whichever process
 * delivers first (services/digest/deliver-notifications.ts: this consumer right after its commit,
 * or the scheduler's next tick). The row's id is the email's own id ("urgent:<alert id>", or
 * "urgent-escalated:<alert id>"), so queueing twice is refused by the key, never sent twice.
 */
export async function queueUrgentEmail(trx: Knex.Transaction, id: string, recipient: string, email: NotificationEmail): Promise<void> {
  await trx('notifications')
    .insert({ digest_id: id, practitioner_id: recipient, status: 'pending', email: JSON.stringify(email) })
    .onConflict('digest_id')
    .ignore();
}
