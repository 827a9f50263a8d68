import type { Knex } from 'knex';
import type { AgencyEvent } from '../contracts';
import { londonDateOf } from '../scheduler/schedule';
import type { HouseholdCandidate } from './link-decisions';
import { addressKey } from './normalise';

/** One address a family has lived at, from `validFrom` (null: since before they joined). */
export type FamilyAddress = Readonly<{ familyId: string; validFrom: string | null; uprn: string | null; addressKey: string }>;

/**
 * Open families living at the event's address (same UPRN, or same normalised first line and
 * postcode) on the day it happened. A family that has since moved away is still linked to an incident
 * at their old home from when they lived there, and the people who moved in after them are not
 * mistaken for the family. Pure: `addresses` must hold every address of each family concerned.
 */
export function householdsOnDay(addresses: readonly FamilyAddress[], event: AgencyEvent): HouseholdCandidate[] {
  const key = addressKey(event.address.line1, event.address.postcode);
  const uprn = event.address.uprn;
  const day = londonDateOf(new Date(event.occurredAt));
  const atAddress = (address: FamilyAddress) => address.addressKey === key || (!!uprn && address.uprn === uprn);
  const families = new Set(addresses.filter(atAddress).map((address) => address.familyId));
  const found: HouseholdCandidate[] = [];
  for (const familyId of [...families].sort()) {
    const inForce = addresses
      .filter((address) => address.familyId === familyId && (address.validFrom === null || address.validFrom <= day))
      .reduce<FamilyAddress | undefined>((latest, address) => (!latest || (address.validFrom ?? '') > (latest.validFrom ?? '') ? address : latest), undefined);
    if (inForce && atAddress(inForce)) found.push({ familyId, uprn: inForce.uprn, addressKey: inForce.addressKey });
  }
  return found;
}

/**
 * Every address of the open families that have ever lived at any of these events' addresses, in one
 * query for a whole batch of events (a query per event would dominate the matcher's time).
 */
export async function familyAddressesFor(db: Knex | Knex.Transaction, events: readonly AgencyEvent[]): Promise<FamilyAddress[]> {
  if (events.length === 0) return [];
  const keys = [...new Set(events.map((event) => addressKey(event.address.line1, event.address.postcode)))];
  const uprns = [...new Set(events.flatMap((event) => (event.address.uprn ? [event.address.uprn] : [])))];
  const rows: Array<{ family_id: string; valid_from: string | null; uprn: string | null; address_key: string }> = await db('family_addresses as a')
    .join('families as f', 'f.family_id', 'a.family_id')
    .where('f.status', 'open')
    .whereIn('a.family_id', (q) => {
      q.select('family_id').from('family_addresses').whereIn('address_key', keys);
      if (uprns.length) q.orWhereIn('uprn', uprns);
    })
    .select('a.family_id', db.raw(`to_char(a.valid_from, 'YYYY-MM-DD') as valid_from`), 'a.uprn', 'a.address_key');
  return rows.map((row) => ({ familyId: row.family_id, validFrom: row.valid_from, uprn: row.uprn, addressKey: row.address_key }));
}
