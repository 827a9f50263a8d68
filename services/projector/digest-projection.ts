import { digestIssued } from '../contracts';
import type { Projection } from './projection-handler';

/** digests.v1 → digests: the first digest issued for a practitioner and date is the one kept. */
export function digestProjection(topic: string): Projection<typeof digestIssued> {
  return {
    name: 'digests',
    topic,
    schema: digestIssued,
    tables: ['digests'],
    apply: async (trx, digest) => {
      await trx('digests')
        .insert({
          digest_id: digest.digestId,
          practitioner_id: digest.practitionerId,
          digest_date: digest.date,
          window_from: digest.window.from,
          window_to: digest.window.to,
          item_count: digest.items.length,
          payload: JSON.stringify(digest),
        })
        .onConflict(['practitioner_id', 'digest_date'])
        .ignore();
    },
  };
}
