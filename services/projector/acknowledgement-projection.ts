import { acknowledgementEvent } from '../contracts';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

/**
 * acknowledgements.v1 → acknowledgements: who acknowledged which item, and when. The first
 * acknowledgement of an item by a practitioner is the one kept (the id is deterministic per
 * practitioner and item), so a re-published or repeated acknowledgement changes nothing.
 */
export function acknowledgementProjection(topic: string): Projection<typeof acknowledgementEvent> {
  return {
    name: 'acknowledgements',
    topic,
    schema: acknowledgementEvent,
    tables: consumerRegistry.acknowledgements.tables,
    apply: async (trx, event) => {
      switch (event.type) {
        case 'item.acknowledged':
          await trx('acknowledgements')
            .insert({
              acknowledgement_id: event.acknowledgementId,
              practitioner_id: event.practitionerId,
              match_id: event.matchId,
              family_id: event.familyId,
              digest_id: event.digestId,
              acknowledged_at: event.acknowledgedAt,
              payload: JSON.stringify(event),
            })
            .onConflict('acknowledgement_id')
            .ignore();
          return;
      }
    },
  };
}
