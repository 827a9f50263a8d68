import type { Knex } from 'knex';
import { cohortEvent, type Address, type CohortEvent } from '../contracts';
import { addressKey, nameKey } from '../matcher/normalise';
import { chunks } from '../platform/chunks';
import type { Projection } from './projection-handler';
import { consumerRegistry } from '../consumers/registry';

/** cohort.events.v1 → families (with their address history), members (and their schools), practitioners, consents (with history). */
export function cohortProjection(topic: string): Projection<typeof cohortEvent> {
  return {
    name: 'cohort',
    topic,
    schema: cohortEvent,
    tables: consumerRegistry.cohort.tables,
    apply: async (trx, event) => applyInOrder(trx, [event]),
    applyMany: async (trx, events) => applyInOrder(trx, events.map(({ event }) => event)),
    // An erased family's events were applied once (live) or are seen now (a rebuild): either way their ids are recorded.
    applyErased: async (trx, erased) => {
      if (typeof erased.clear.eventId === 'string') await trx('cohort_applied_events').insert({ event_id: erased.clear.eventId }).onConflict().ignore();
    },
  };
}

type MemberEvent = Extract<CohortEvent, { type: 'member.added' | 'member.updated' }>;
const isMemberEvent = (event: CohortEvent): event is MemberEvent => event.type === 'member.added' || event.type === 'member.updated';

/**
 * A rebuild replays every cohort event, and a statement per event made rebuilding a council of
 * 5,800 families take minutes. So the events' ids are recorded in one statement per batch and each
 * run of member events (a family's members follow each other on the topic) is one upsert; every
 * other event is applied on its own, in order, between them. The rows are those of applying each
 * event in turn (test/apply-many.int.spec.ts), apart from the change_seq values the sequence hands out.
 */
async function applyInOrder(trx: Knex.Transaction, events: readonly CohortEvent[]): Promise<void> {
  let members: MemberEvent[] = [];
  for (const event of await firstApplications(trx, events)) {
    if (isMemberEvent(event)) {
      members.push(event);
      continue;
    }
    await upsertMembers(trx, members);
    members = [];
    await applyCohortEvent(trx, event);
  }
  await upsertMembers(trx, members);
}

/** Each cohort event applies once, even if the same import is published twice: the events seen for the first time, in order. */
async function firstApplications(trx: Knex.Transaction, events: readonly CohortEvent[]): Promise<CohortEvent[]> {
  const fresh = new Set<string>();
  for (const chunk of chunks([...new Set(events.map((event) => event.eventId))])) {
    const inserted: Array<{ event_id: string }> = await trx('cohort_applied_events').insert(chunk.map((event_id) => ({ event_id }))).onConflict().ignore().returning('event_id');
    for (const row of inserted) fresh.add(row.event_id);
  }
  // A repeat within the batch: its first occurrence applies, as one event at a time.
  return events.filter((event) => fresh.delete(event.eventId));
}

/** The members as the last of these events describes each (one row per member: an upsert may not touch a row twice). */
async function upsertMembers(trx: Knex.Transaction, events: readonly MemberEvent[]): Promise<void> {
  const latest = new Map<string, MemberEvent>();
  for (const event of events) {
    latest.delete(event.memberId);
    latest.set(event.memberId, event);
  }
  for (const chunk of chunks([...latest.values()])) {
    await trx('members')
      .insert(chunk.map((event) => memberRow(trx, event)))
      .onConflict('member_id')
      .merge();
  }
}

function memberRow(trx: Knex.Transaction, event: MemberEvent) {
  const d = event.details;
  return {
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
  };
}

async function applyCohortEvent(trx: Knex.Transaction, event: CohortEvent): Promise<void> {
  switch (event.type) {
    case 'family.enrolled': {
      const row = {
        family_id: event.familyId,
        reference: event.reference,
        ...addressColumns(event.address),
        status: 'open',
        enrolled_at: event.recordedAt,
        closed_at: null,
      };
      await trx('families').insert(row).onConflict('family_id').merge();
      // Enrolled again with another address: that is where they lived before any recorded move.
      await trx('family_addresses').where({ family_id: event.familyId }).whereNull('valid_from').delete();
      await trx('family_addresses').insert({ family_id: event.familyId, valid_from: null, ...addressColumns(event.address) });
      await makeLatestAddressCurrent(trx, event.familyId);
      await touchMembers(trx, event.familyId);
      return;
    }
    case 'family.moved':
      await trx('family_addresses').insert({ family_id: event.familyId, valid_from: event.movedOn, ...addressColumns(event.address) });
      await makeLatestAddressCurrent(trx, event.familyId);
      await touchMembers(trx, event.familyId);
      return;
    case 'member.added':
    case 'member.updated':
      await upsertMembers(trx, [event]);
      return;
    case 'member.removed':
      await trx('members').where({ member_id: event.memberId }).update({ removed: true, change_seq: trx.raw("nextval('cohort_change_seq')") });
      return;
    case 'practitioner.assigned':
      // The latest description of the practitioner wins, whichever family's event carried it (see migration 015).
      await trx('practitioners')
        .insert({
          practitioner_id: event.practitioner.practitionerId,
          name: event.practitioner.name,
          email: event.practitioner.email,
          team: event.practitioner.team ?? null,
          recorded_at: event.recordedAt,
        })
        .onConflict('practitioner_id')
        .merge()
        .where((q) => q.whereNull('practitioners.recorded_at').orWhere('practitioners.recorded_at', '<=', event.recordedAt));
      await trx('families').where({ family_id: event.familyId }).update({ practitioner_id: event.practitioner.practitionerId });
      return;
    case 'consent.recorded':
    case 'consent.withdrawn':
      await trx('consents')
        .insert({
          family_id: event.familyId,
          member_id: event.memberId ?? '',
          purpose: event.purpose,
          ...consentColumns(event),
        })
        .onConflict(['family_id', 'member_id', 'purpose'])
        .merge();
      await trx('consent_history').insert({ family_id: event.familyId, member_id: event.memberId ?? '', purpose: event.purpose, ...consentColumns(event) });
      return;
    case 'family.closed':
      await trx('families').where({ family_id: event.familyId }).update({ status: 'closed', closed_at: event.recordedAt });
      await touchMembers(trx, event.familyId);
      return;
    case 'member.school-recorded':
      // The roll with its history: Encompass tells the school the child attended on the incident's day.
      await trx('member_schools')
        .insert({
          member_id: event.memberId,
          family_id: event.familyId,
          valid_from: event.from,
          school_urn: event.school && 'urn' in event.school ? event.school.urn : null,
          home_educated: event.school !== null && 'homeEducated' in event.school,
          recorded_at: event.recordedAt,
        })
        .onConflict(['member_id', 'valid_from'])
        .merge();
      return;
    case 'family.erased':
      // Normally read as erased (its key is gone before it is published) and so never applied; this is
      // for a key table restored from before the erasure: the log still says the family is gone.
      for (const table of ['family_addresses', 'member_schools', 'members', 'consents', 'consent_history', 'families']) await trx(table).where({ family_id: event.familyId }).delete();
      return;
    default: {
      // A cohort event type added to the contract but not handled here fails to compile.
      const unhandled: never = event;
      throw new Error(`cohort projection does not handle ${(unhandled as CohortEvent).type}`);
    }
  }
}

function addressColumns(address: Address) {
  return {
    address_line1: address.line1,
    address_line2: address.line2 ?? null,
    town: address.town ?? null,
    postcode: address.postcode,
    uprn: address.uprn ?? null,
    address_key: addressKey(address.line1, address.postcode),
  };
}

function consentColumns(event: Extract<CohortEvent, { type: 'consent.recorded' | 'consent.withdrawn' }>) {
  return {
    basis: event.type === 'consent.recorded' ? event.basis : null,
    status: event.type === 'consent.recorded' ? 'given' : 'withdrawn',
    justification: event.type === 'consent.recorded' ? (event.justification ?? null) : null,
    changed_at: event.recordedAt,
  };
}

/** `families` holds the address a family lives at now: the one they moved to last. */
async function makeLatestAddressCurrent(trx: Knex.Transaction, familyId: string): Promise<void> {
  const latest = await trx('family_addresses')
    .where({ family_id: familyId })
    .orderByRaw('valid_from DESC NULLS LAST, id DESC')
    .first('address_line1', 'address_line2', 'town', 'postcode', 'uprn', 'address_key');
  if (latest) await trx('families').where({ family_id: familyId }).update(latest);
}

/** A family's address or status is part of each member as the matcher sees them. */
async function touchMembers(trx: Knex.Transaction, familyId: string): Promise<void> {
  await trx('members').where({ family_id: familyId }).update({ change_seq: trx.raw("nextval('cohort_change_seq')") });
}
