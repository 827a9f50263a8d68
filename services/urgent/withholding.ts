import type { Knex } from 'knex';
import type { MatchLinked } from '../contracts';

export type Withholding = Readonly<{ reason: string }>;

/**
 * INTEGRATION POINT (issue 16, "decisions to share or withhold are records"): whether a holder has
 * decided that sharing this item would be more detrimental to the child, for the urgent path. The
 * `withhold` branch provides `withholdingFor(db, { agency, agencyEventId, memberId }, 'urgent')`;
 * once it is merged, this asks it for each linked member (and for the item as a whole when the link
 * is by address) and returns the first decision found. Until then no decision exists, so nothing is
 * withheld. The caller records a withheld alert in its ledger with the reason and raises nothing.
 */
export async function urgentWithholding(trx: Knex.Transaction, match: MatchLinked): Promise<Withholding | undefined> {
  void trx;
  void match;
  return undefined;
}
