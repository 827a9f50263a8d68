import type { Knex } from 'knex';
import { digestIssued, type DigestIssued } from '../contracts';
import { chunks } from '../platform/chunks';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

/**
 * digests.v1 → digests and digest_items: the first digest issued for a practitioner and date is
 * the one kept, and each item is recorded against the practitioner so it is never shown twice.
 */
const digestsPerInsert = 200;
const itemsPerInsert = 2000;

const rowOf = (digest: DigestIssued) => ({
  digest_id: digest.digestId,
  practitioner_id: digest.practitionerId,
  digest_date: digest.date,
  window_from: digest.window.from,
  window_to: digest.window.to,
  cut_off: digest.cutOff,
  rule_set_version: digest.ruleSetVersion,
  item_count: digest.families.reduce((sum, family) => sum + family.items.length, 0),
  payload: JSON.stringify(digest),
});

const itemsOf = (digest: DigestIssued) =>
  digest.families.flatMap((family) =>
    family.items.map((item) => ({
      practitioner_id: digest.practitionerId,
      match_id: item.matchId,
      digest_id: digest.digestId,
      digest_date: digest.date,
      timing: item.timing,
    })),
  );

/**
 * The same rows as applying each digest in turn. DO NOTHING skips a row that conflicts with one
 * inserted earlier in the same statement, so the first of a repeat wins as it would one at a time;
 * a digest's items go in only when that digest's row did, and only for the first event carrying
 * its id. Items follow in the digests' order, so the first digest to show an item keeps it.
 */
async function insertDigests(trx: Knex.Transaction, digests: readonly DigestIssued[]): Promise<void> {
  const inserted = new Set<string>();
  for (const chunk of chunks(digests, digestsPerInsert)) {
    const rows: Array<{ digest_id: string }> = await trx('digests')
      .insert(chunk.map(rowOf))
      .onConflict(['practitioner_id', 'digest_date'])
      .ignore()
      .returning('digest_id');
    for (const row of rows) inserted.add(row.digest_id);
  }
  const items = digests.flatMap((digest) => {
    if (!inserted.delete(digest.digestId)) return [];
    return itemsOf(digest);
  });
  for (const chunk of chunks(items, itemsPerInsert)) await trx('digest_items').insert(chunk).onConflict(['practitioner_id', 'match_id']).ignore();
}

export function digestProjection(topic: string): Projection<typeof digestIssued> {
  return {
    name: 'digests',
    topic,
    schema: digestIssued,
    tables: consumerRegistry.digests.tables,
    // Every row and conflict is per practitioner, and digests.v1 is keyed by practitioner id.
    independentPartitions: true,
    apply: async (trx, digest) => insertDigests(trx, [digest]),
    applyMany: async (trx, events) => insertDigests(trx, events.map(({ event }) => event)),
  };
}
