import type { Knex } from 'knex';
import type { MatchLinked } from '../contracts';
import { withholdingsFor, type DisclosedItem } from '../sharing-decisions';

export type UrgentWithholding = Readonly<{ reason: string }>;

/**
 * Whether a holder has decided that sharing this item would be more detrimental to the child, on
 * the urgent path (services/sharing-decisions). Asked for each linked member, and for the family as
 * a whole when the link is by address: any decision in force stops the alert. The reason recorded is
 * the decision's id, never what the item was, so the ledger and the audit log can point at it.
 */
export async function urgentWithholding(trx: Knex.Transaction, match: MatchLinked): Promise<UrgentWithholding | undefined> {
  const base = { agency: match.event.agency, agencyEventId: match.event.agencyEventId, familyId: match.familyId };
  const items: DisclosedItem[] = match.members.length ? match.members.map((member) => ({ ...base, memberId: member.memberId })) : [base];
  const found = (await withholdingsFor(trx, items, 'urgent')).find((withholding) => withholding !== undefined);
  return found ? { reason: `more-detrimental-to-child: sharing decision ${found.decisionId} (${found.status})` } : undefined;
}
