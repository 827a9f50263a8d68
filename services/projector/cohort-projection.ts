import type { Knex } from 'knex';
import { cohortEvent, type CohortEvent } from '../contracts';
import { addressKey, nameKey } from '../matcher/normalise';
import type { Projection } from './projection-handler';

/** cohort.events.v1 → families, members, practitioners, consents. */
export function cohortProjection(topic: string): Projection<typeof cohortEvent> {
  return {
    name: 'cohort',
    topic,
    schema: cohortEvent,
    tables: ['families', 'members', 'practitioners', 'consents', 'cohort_applied_events'],
    apply: async (trx, event) => {
      // Each cohort event applies once, even if the same import is published twice.
      const inserted = await trx('cohort_applied_events').insert({ event_id: event.eventId }).onConflict().ignore().returning('event_id');
      if (inserted.length === 0) return;
      await applyCohortEvent(trx, event);
    },
  };
}

async function applyCohortEvent(trx: Knex.Transaction, event: CohortEvent): Promise<void> {
  switch (event.type) {
    case 'family.enrolled': {
      const row = {
        family_id: event.familyId,
        reference: event.reference,
        address_line1: event.address.line1,
        address_line2: event.address.line2 ?? null,
        town: event.address.town ?? null,
        postcode: event.address.postcode,
        uprn: event.address.uprn ?? null,
        address_key: addressKey(event.address.line1, event.address.postcode),
        status: 'open',
        enrolled_at: event.recordedAt,
        closed_at: null,
      };
      await trx('families').insert(row).onConflict('family_id').merge();
      await touchMembers(trx, event.familyId);
      return;
    }
    case 'member.added':
    case 'member.updated': {
      const d = event.details;
      await trx('members')
        .insert({
          member_id: event.memberId,
          family_id: event.familyId,
          given_name: d.givenName,
          family_name: d.familyName,
          date_of_birth: d.dateOfBirth ?? null,
          nhs_number: d.identifiers?.nhsNumber ?? null,
          pnc_id: d.identifiers?.pncId ?? null,
          name_key: nameKey(d.familyName, d.givenName),
          removed: false,
          change_seq: trx.raw("nextval('cohort_change_seq')"),
        })
        .onConflict('member_id')
        .merge();
      return;
    }
    case 'member.removed':
      await trx('members').where({ member_id: event.memberId }).update({ removed: true, change_seq: trx.raw("nextval('cohort_change_seq')") });
      return;
    case 'practitioner.assigned':
      await trx('practitioners')
        .insert({
          practitioner_id: event.practitioner.practitionerId,
          name: event.practitioner.name,
          email: event.practitioner.email,
        })
        .onConflict('practitioner_id')
        .merge();
      await trx('families').where({ family_id: event.familyId }).update({ practitioner_id: event.practitioner.practitionerId });
      return;
    case 'consent.recorded':
    case 'consent.withdrawn':
      await trx('consents')
        .insert({
          family_id: event.familyId,
          member_id: event.memberId ?? '',
          purpose: event.purpose,
          basis: event.type === 'consent.recorded' ? event.basis : null,
          status: event.type === 'consent.recorded' ? 'given' : 'withdrawn',
          changed_at: event.recordedAt,
        })
        .onConflict(['family_id', 'member_id', 'purpose'])
        .merge();
      return;
    case 'family.closed':
      await trx('families').where({ family_id: event.familyId }).update({ status: 'closed', closed_at: event.recordedAt });
      await touchMembers(trx, event.familyId);
      return;
  }
}

/** A family's address or status is part of each member as the matcher sees them. */
async function touchMembers(trx: Knex.Transaction, familyId: string): Promise<void> {
  await trx('members').where({ family_id: familyId }).update({ change_seq: trx.raw("nextval('cohort_change_seq')") });
}
