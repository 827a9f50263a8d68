import type { Knex } from 'knex';
import type { AgencyEvent } from '../contracts';
import { londonDateOf } from '../scheduler/schedule';
import type { HouseholdCandidate } from './link-decisions';
import { addressKey } from './normalise';

/**
 * Open families living at the event's address (same UPRN, or same normalised first line and
 * postcode) on the day it happened. A family that has since moved away is still linked to an incident
 * at their old home from when they lived there, and the people who moved in after them are not
 * mistaken for the family.
 */
export async function householdsAt(db: Knex | Knex.Transaction, event: AgencyEvent): Promise<HouseholdCandidate[]> {
  const day = londonDateOf(new Date(event.occurredAt));
  return db('family_addresses as a')
    .join('families as f', 'f.family_id', 'a.family_id')
    .where('f.status', 'open')
    .andWhere((q) => {
      q.where('a.address_key', addressKey(event.address.line1, event.address.postcode));
      if (event.address.uprn) q.orWhere('a.uprn', event.address.uprn);
    })
    .andWhere((q) => q.whereNull('a.valid_from').orWhere('a.valid_from', '<=', day))
    // ... and they had not moved on from it by that day.
    .whereNotExists((q) =>
      q
        .select(db.raw('1'))
        .from('family_addresses as later')
        .whereRaw('later.family_id = a.family_id')
        .andWhere('later.valid_from', '<=', day)
        .andWhereRaw('(a.valid_from IS NULL OR later.valid_from > a.valid_from)'),
    )
    .distinct('a.family_id as familyId', 'a.uprn', 'a.address_key as addressKey');
}
