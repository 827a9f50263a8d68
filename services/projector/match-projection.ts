import type { Knex } from 'knex';
import { matchLinked, type MatchLinked } from '../contracts';
import { chunks } from '../platform/chunks';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

const rowsPerInsert = 500;

function rowOf(match: MatchLinked) {
  return {
    match_id: match.matchId,
    family_id: match.familyId,
    agency: match.event.agency,
    category: match.event.category,
    occurred_at: match.event.occurredAt,
    reported_at: match.event.reportedAt,
    received_at: match.receivedAt,
    context: match.context,
    payload: JSON.stringify(match),
  };
}

/** First publication of a match id wins, as it would one event at a time (DO NOTHING keeps the first of a repeat within one insert too). */
async function insertMatches(trx: Knex.Transaction, matches: readonly MatchLinked[]): Promise<void> {
  for (const chunk of chunks(matches, rowsPerInsert)) await trx('matches').insert(chunk.map(rowOf)).onConflict('match_id').ignore();
}

/** matches.v1 → matches, one row per match id however often it is published. */
export function matchProjection(topic: string): Projection<typeof matchLinked> {
  return {
    name: 'matches',
    topic,
    schema: matchLinked,
    tables: consumerRegistry.matches.tables,
    // A match id names its family (matchIdFor), and matches.v1 is keyed by family id.
    independentPartitions: true,
    apply: async (trx, match) => insertMatches(trx, [match]),
    applyMany: async (trx, events) => insertMatches(trx, events.map(({ event }) => event)),
  };
}
