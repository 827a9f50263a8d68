import type { Knex } from 'knex';
import type { AgencyEvent } from '../contracts';
import type { HouseholdCandidate } from './link-decisions';
import { addressKey } from './normalise';

/** Open families at the event's address, by UPRN or normalised first line and postcode. */
export async function householdsAt(db: Knex | Knex.Transaction, event: AgencyEvent): Promise<HouseholdCandidate[]> {
  return db('families')
    .where('status', 'open')
    .andWhere((q) => {
      q.where('address_key', addressKey(event.address.line1, event.address.postcode));
      if (event.address.uprn) q.orWhere('uprn', event.address.uprn);
    })
    .select('family_id as familyId', 'uprn', 'address_key as addressKey');
}
