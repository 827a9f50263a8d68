import type { Knex } from 'knex';
import { chunks } from '../platform/chunks';
import type { CohortChange } from './matcher-cohort';

/**
 * When the matcher's cohort gains someone, or someone's details or address change, the events it
 * matched before did not consider them. It records a request to look at those events again, with the
 * offsets it had reached: exactly the events matched without the change. Recorded in the matcher's
 * own transaction, so a request is never lost or made twice.
 */
export type MatchedUpTo = Array<{ topic: string; partition: number; offset: string }>;

export async function requestRematching(
  trx: Knex.Transaction,
  consumer: string,
  changes: readonly CohortChange[],
  requestedAt: string,
): Promise<number> {
  if (changes.length === 0) return 0;
  const position = await trx('matcher_cohort_position').where({ consumer }).forUpdate().first('seen_change_seq');
  const seen = position ? BigInt(position.seen_change_seq) : 0n;
  // A restarted matcher reloads the whole cohort; only what changed after its last record counts.
  const fresh = changes.filter((change) => change.changeSeq > seen && change.member);
  const latest = changes.reduce((max, change) => (change.changeSeq > max ? change.changeSeq : max), seen);
  if (latest > seen) {
    await trx('matcher_cohort_position')
      .insert({ consumer, seen_change_seq: latest.toString() })
      .onConflict('consumer')
      .merge();
  }
  if (fresh.length === 0) return 0;
  const offsets: Array<{ topic: string; partition: number; next_offset: string }> = await trx('consumer_offsets')
    .where({ consumer })
    .andWhere('next_offset', '>', 0)
    .orderBy(['topic', 'partition'])
    .select('topic', 'partition', 'next_offset');
  // Nothing matched yet: the matcher will see everyone as they are now.
  if (offsets.length === 0) return 0;
  const matchedUpTo: MatchedUpTo = offsets.map((row) => ({ topic: row.topic, partition: row.partition, offset: String(row.next_offset) }));
  const members = new Map(fresh.map((change) => [change.member!.memberId, change.member!]));
  // A rebuilt or re-imported cohort changes everyone at once: more rows than one statement can carry.
  const rows = [...members.values()].map((member) => ({
    member_id: member.memberId,
    family_id: member.familyId,
    requested_at: requestedAt,
    matched_up_to: JSON.stringify(matchedUpTo),
  }));
  for (const chunk of chunks(rows)) await trx('rematch_requests').insert(chunk);
  return members.size;
}
