import { matchLinked } from '../contracts';
import type { Projection } from './projection-handler';

/** matches.v1 → matches, one row per match id however often it is published. */
export function matchProjection(topic: string): Projection<typeof matchLinked> {
  return {
    name: 'matches',
    topic,
    schema: matchLinked,
    tables: ['matches'],
    apply: async (trx, match) => {
      await trx('matches')
        .insert({
          match_id: match.matchId,
          family_id: match.familyId,
          agency: match.event.agency,
          category: match.event.category,
          occurred_at: match.event.occurredAt,
          reported_at: match.event.reportedAt,
          received_at: match.receivedAt,
          context: match.context,
          payload: JSON.stringify(match),
        })
        .onConflict('match_id')
        .ignore();
    },
  };
}
