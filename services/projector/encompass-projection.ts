import type { Knex } from 'knex';
import { encompassEvent, type EncompassEvent } from '../contracts';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

type Decided = Exclude<EncompassEvent, { type: 'encompass.acknowledged' }>;

/**
 * encompass-notifications.v1 → encompass_notifications: one row per child and police event, what
 * became of it, and the recipient's acknowledgement. The decision is made once (the decider's
 * ledger), so the first row for an id is kept; the first acknowledgement is the one that counts.
 */
export function encompassProjection(topic: string): Projection<typeof encompassEvent> {
  return {
    name: 'encompass-notifications',
    topic,
    schema: encompassEvent,
    tables: consumerRegistry['encompass-notifications'].tables,
    // Rows are keyed by notificationId, which is the message key.
    independentPartitions: true,
    apply: async (trx, event) => {
      switch (event.type) {
        case 'encompass.notified':
        case 'encompass.withheld':
        case 'encompass.undeliverable':
          await trx('encompass_notifications').insert(rowOf(event)).onConflict('notification_id').ignore();
          return;
        case 'encompass.acknowledged':
          await trx('encompass_notifications')
            .where({ notification_id: event.notificationId })
            .whereNull('acknowledged_at')
            .update({ acknowledged_at: event.acknowledgedAt, acknowledged_by: event.acknowledgedBy });
          return;
        default: {
          const unhandled: never = event;
          throw new Error(`encompass projection does not handle ${(unhandled as EncompassEvent).type}`);
        }
      }
    },
  };
}

function rowOf(event: Decided): Knex.DbRecord<Record<string, unknown>> {
  const common = {
    notification_id: event.notificationId,
    status: event.type.slice('encompass.'.length),
    force: event.force,
    agency_event_id: event.agencyEventId,
    match_id: event.matchId,
    family_id: event.familyId,
    member_id: event.memberId,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    deadline: event.deadline,
  };
  switch (event.type) {
    case 'encompass.notified':
      return {
        ...common,
        ...recipientColumns(event.recipient),
        content: JSON.stringify(event.content),
        field_set: event.fieldSet,
        decided_at: event.sentAt,
        late_from_agency: event.lateFromAgency,
      };
    case 'encompass.withheld':
      return { ...common, ...recipientColumns(event.recipient), decided_at: event.withheldAt, decision_id: event.decisionId, late_from_agency: false };
    case 'encompass.undeliverable':
      return { ...common, recipient_kind: null, school_urn: null, decided_at: event.recordedAt, reason_code: event.reasonCode, late_from_agency: false };
  }
}

function recipientColumns(recipient: Extract<Decided, { type: 'encompass.notified' }>['recipient']) {
  return { recipient_kind: recipient.kind, school_urn: recipient.kind === 'school' ? recipient.urn : null };
}
