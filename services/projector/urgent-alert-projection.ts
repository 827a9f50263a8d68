import { urgentAlertEvent } from '../contracts';
import { consumerRegistry } from '../consumers/registry';
import type { Projection } from './projection-handler';

/**
 * urgent-alerts.v1 → urgent_alerts: each alert, whom it went to, and whether (and by whom) it was
 * acknowledged or escalated; what the portal and `live-risk urgent list` show. Every event is keyed
 * by the alert id, and an acknowledgement or escalation keeps the first one recorded, so a
 * re-published event changes nothing.
 */
export function urgentAlertProjection(topic: string): Projection<typeof urgentAlertEvent> {
  return {
    name: 'urgent-alerts',
    topic,
    schema: urgentAlertEvent,
    tables: consumerRegistry['urgent-alerts'].tables,
    apply: async (trx, event) => {
      switch (event.type) {
        case 'urgent.raised':
          await trx('urgent_alerts')
            .insert({
              alert_id: event.alertId,
              match_id: event.matchId,
              family_id: event.familyId,
              rule_id: event.rule.id,
              says: event.says,
              routed_to: event.routedTo,
              practitioner_id: event.practitionerId ?? null,
              quiet_hours: event.quietHours,
              raised_at: event.raisedAt,
            })
            .onConflict('alert_id')
            .ignore();
          return;
        case 'urgent.acknowledged':
          await trx('urgent_alerts').where({ alert_id: event.alertId }).whereNull('acknowledged_at').update({ acknowledged_by: event.acknowledgedBy, acknowledged_at: event.acknowledgedAt });
          return;
        case 'urgent.escalated':
          await trx('urgent_alerts').where({ alert_id: event.alertId }).whereNull('escalated_at').update({ escalated_to: event.escalatedTo, escalated_at: event.escalatedAt });
          return;
      }
    },
  };
}
