import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';
import type { EscalationRecipient, UrgentEscalated } from '../contracts';
import { queueNotification } from '../notify';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { escalationRecipient } from './quiet-hours';
import { composeEscalationEmail } from './urgent-email';

type Overdue = { alert_id: string; match_id: string; family_id: string; practitioner_id: string | null; raised_at: Date };

/**
 * Escalates, once each, the urgent alerts nobody acknowledged within the configured minutes: by day
 * to the managers of the lead practitioner's team (practitioners in that team whose portal account
 * has the team-manager role), at night, or when the team has no manager, to the duty manager. Run
 * by the scheduler's loop (every minute), with its clock. Rows are locked and stamped in the
 * transaction that queues the event, the emails and the audit entry, so two schedulers never
 * escalate the same alert. Returns how many were escalated; the caller flushes the outbox.
 */
export async function escalateOverdueAlerts(runtime: Pick<Runtime, 'db' | 'topics' | 'config'>, at: Date): Promise<number> {
  const { urgent, mailFrom, portalUrl } = runtime.config;
  const limitMs = urgent.escalateAfterMinutes * 60_000;
  return runtime.db.transaction(async (trx) => {
    const overdue: Overdue[] = await trx('urgent_alert_ledger')
      .where({ outcome: 'raised' })
      .whereNull('acknowledged_at')
      .whereNull('escalated_at')
      .where('raised_at', '<=', new Date(at.getTime() - limitMs))
      .orderBy('raised_at')
      .forUpdate()
      .skipLocked()
      .select('alert_id', 'match_id', 'family_id', 'practitioner_id', 'raised_at');
    for (const alert of overdue) {
      const wanted = escalationRecipient(at, urgent.quietHours);
      const managers = wanted === 'team-manager' && alert.practitioner_id ? await teamManagersOf(trx, alert.practitioner_id) : [];
      const escalatedTo: EscalationRecipient = managers.length ? 'team-manager' : 'duty-manager';
      const recipients = managers.length ? managers : [{ id: 'duty-manager', email: urgent.dutyManagerEmail }];
      const escalatedAt = at.toISOString();
      await trx('urgent_alert_ledger').where({ alert_id: alert.alert_id }).update({ escalated_at: escalatedAt });
      const event: UrgentEscalated = { type: 'urgent.escalated', alertId: alert.alert_id, familyId: alert.family_id, escalatedTo, afterMinutes: urgent.escalateAfterMinutes, escalatedAt };
      await addToOutbox(trx, [{ topic: runtime.topics.urgentAlerts, key: alert.family_id, payload: event }]);
      for (const recipient of recipients) {
        const email = composeEscalationEmail({ alertId: alert.alert_id, raisedAt: alert.raised_at.toISOString(), afterMinutes: urgent.escalateAfterMinutes }, { to: recipient.email, from: mailFrom, portalUrl });
        await queueNotification(trx, { kind: 'urgent', id: `urgent-escalated:${alert.alert_id}:${recipient.id}`, ...(recipient.id === 'duty-manager' ? {} : { practitionerId: recipient.id }), email });
      }
      await appendAuditEntries(
        trx,
        recipients.map((recipient) => ({
          kind: 'urgent-alert' as const,
          actor: 'system',
          recipient: recipient.id,
          familyId: alert.family_id,
          itemId: alert.match_id,
          detail: { alertId: alert.alert_id, event: 'escalated', escalatedTo },
        })),
        () => at,
      );
    }
    return overdue.length;
  });
}

async function teamManagersOf(trx: Knex.Transaction, practitionerId: string): Promise<Array<{ id: string; email: string }>> {
  return trx('practitioners as lead')
    .join('practitioners as manager', 'manager.team', 'lead.team')
    .join('portal_accounts as account', 'account.practitioner_id', 'manager.practitioner_id')
    .where('lead.practitioner_id', practitionerId)
    .whereNotNull('lead.team')
    .whereRaw(`'team-manager' = any(account.roles)`)
    .orderBy('manager.practitioner_id')
    .select('manager.practitioner_id as id', 'manager.email as email');
}
