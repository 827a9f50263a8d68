import { appendAuditEntries } from '../audit';
import type { UrgentAcknowledged } from '../contracts';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';

export type AcknowledgeOutcome = 'acknowledged' | 'already-acknowledged' | 'unknown';

/**
 * Records that someone has an urgent alert in hand: once (the ledger row is locked and stamped), with
 * its urgent.acknowledged event (outbox) and audit entry in the same transaction; an acknowledgement
 * the scheduler sees stops the escalation. Acknowledging after an escalation is still recorded.
 * The caller publishes the outbox (flush) after this returns.
 */
export async function acknowledgeAlert(runtime: Pick<Runtime, 'db' | 'topics'>, alertId: string, by: string, at: Date, channel: 'portal' | 'cli'): Promise<AcknowledgeOutcome> {
  return runtime.db.transaction(async (trx) => {
    const row: { match_id: string; family_id: string; acknowledged_at: Date | null } | undefined = await trx('urgent_alert_ledger')
      .where({ alert_id: alertId, outcome: 'raised' })
      .forUpdate()
      .first('match_id', 'family_id', 'acknowledged_at');
    if (!row) return 'unknown';
    if (row.acknowledged_at) return 'already-acknowledged';
    const acknowledgedAt = at.toISOString();
    await trx('urgent_alert_ledger').where({ alert_id: alertId }).update({ acknowledged_at: acknowledgedAt });
    const event: UrgentAcknowledged = { type: 'urgent.acknowledged', alertId, familyId: row.family_id, acknowledgedBy: by, acknowledgedAt };
    await addToOutbox(trx, [{ topic: runtime.topics.urgentAlerts, key: row.family_id, payload: event }]);
    await appendAuditEntries(trx, [{ kind: 'acknowledgement', actor: by, familyId: row.family_id, itemId: row.match_id, detail: { alertId, channel } }], () => at);
    return 'acknowledged';
  });
}
