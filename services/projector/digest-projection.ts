import { digestIssued } from '../contracts';
import type { Projection } from './projection-handler';

/**
 * digests.v1 → digests and digest_items: the first digest issued for a practitioner and date is
 * the one kept, and each item is recorded against the practitioner so it is never shown twice.
 */
export function digestProjection(topic: string): Projection<typeof digestIssued> {
  return {
    name: 'digests',
    topic,
    schema: digestIssued,
    tables: ['digest_items', 'digests'],
    apply: async (trx, digest) => {
      const inserted = await trx('digests')
        .insert({
          digest_id: digest.digestId,
          practitioner_id: digest.practitionerId,
          digest_date: digest.date,
          window_from: digest.window.from,
          window_to: digest.window.to,
          cut_off: digest.cutOff,
          rule_set_version: digest.ruleSetVersion,
          item_count: digest.families.reduce((sum, family) => sum + family.items.length, 0),
          payload: JSON.stringify(digest),
        })
        .onConflict(['practitioner_id', 'digest_date'])
        .ignore()
        .returning('digest_id');
      if (inserted.length === 0) return;
      const items = digest.families.flatMap((family) =>
        family.items.map((item) => ({
          practitioner_id: digest.practitionerId,
          match_id: item.matchId,
          digest_id: digest.digestId,
          digest_date: digest.date,
          timing: item.timing,
        })),
      );
      if (items.length) await trx('digest_items').insert(items).onConflict(['practitioner_id', 'match_id']).ignore();
    },
  };
}
