import type { Knex } from 'knex';
import { cohortEvent, type Address, type CohortEvent } from '../contracts';
import { addressKey, nameKey } from '../matcher/normalise';
import { chunks } from '../platform/chunks';
import { wavesOf, type FamilyEvent, type MemberEvent, type Step } from './cohort-waves';
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

/**
 * A rebuild replays every cohort event, and statements per event made rebuilding a council of 5,800
 * families (25,000 events) take a minute. So the events' ids are recorded in one statement per
 * batch, and the rest is applied in waves (cohort-waves.ts): each wave a few statements per kind of
 * event, whatever the number of families in it. The rows are those of applying each event in turn
 * (test/apply-many.int.spec.ts), apart from the change_seq values the sequence hands out and the
 * order of serial ids between families.
 */
async function applyInOrder(trx: Knex.Transaction, events: readonly CohortEvent[]): Promise<void> {
  const fresh = await firstApplications(trx, events);
  for (const wave of wavesOf(fresh)) await applyWave(trx, wave);
  await describePractitioners(trx, fresh.filter((event) => event.type === 'practitioner.assigned'));
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

type EventOf<T extends FamilyEvent['type']> = Extract<FamilyEvent, { type: T }>;
type ByType = { [T in FamilyEvent['type']]?: EventOf<T>[] };

/** One wave: at most one step per family, so the kinds can go in any order, each in bulk. */
async function applyWave(trx: Knex.Transaction, wave: readonly Step[]): Promise<void> {
  const byType: ByType = {};
  const members: MemberEvent[] = [];
  for (const step of wave) {
    if (step.kind === 'members') members.push(...step.events);
    else ((byType[step.event.type] ??= []) as FamilyEvent[]).push(step.event);
  }
  await upsertMembers(trx, members);
  const { 'family.enrolled': enrolled = [], 'family.moved': moved = [], 'family.closed': closed = [] } = byType;
  for (const chunk of chunks(enrolled)) await trx('families').insert(chunk.map(familyRow)).onConflict('family_id').merge();
  // Enrolled again with another address: that is where they lived before any recorded move.
  if (enrolled.length) await trx.raw('delete from family_addresses where valid_from is null and family_id = any(?::text[])', [enrolled.map((event) => event.familyId)]);
  const addresses = [
    ...enrolled.map((event) => ({ family_id: event.familyId, valid_from: null, ...addressColumns(event.address) })),
    ...moved.map((event) => ({ family_id: event.familyId, valid_from: event.movedOn, ...addressColumns(event.address) })),
  ];
  for (const chunk of chunks(addresses)) await trx('family_addresses').insert(chunk);
  await makeLatestAddressCurrent(trx, addresses.map((row) => row.family_id));
  await closeFamilies(trx, closed);
  // A family's address or status is part of each member as the matcher sees them.
  await touchMembers(trx, [...addresses.map((row) => row.family_id), ...closed.map((event) => event.familyId)]);
  await removeMembers(trx, byType['member.removed'] ?? []);
  await assignPractitioners(trx, byType['practitioner.assigned'] ?? []);
  await recordConsents(trx, [...(byType['consent.recorded'] ?? []), ...(byType['consent.withdrawn'] ?? [])]);
  await recordSchools(trx, byType['member.school-recorded'] ?? []);
  for (const event of byType['family.erased'] ?? []) await eraseFamily(trx, event.familyId);
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

const familyRow = (event: EventOf<'family.enrolled'>) => ({
  family_id: event.familyId,
  reference: event.reference,
  ...addressColumns(event.address),
  status: 'open',
  enrolled_at: event.recordedAt,
  closed_at: null,
});

async function closeFamilies(trx: Knex.Transaction, events: readonly EventOf<'family.closed'>[]): Promise<void> {
  if (events.length === 0) return;
  await trx.raw(
    `update families as f set status = 'closed', closed_at = v.closed_at
       from unnest(?::text[], ?::timestamptz[]) as v(family_id, closed_at) where f.family_id = v.family_id`,
    [events.map((event) => event.familyId), events.map((event) => event.recordedAt)],
  );
}

async function removeMembers(trx: Knex.Transaction, events: readonly EventOf<'member.removed'>[]): Promise<void> {
  for (const chunk of chunks(events)) {
    await trx('members').whereIn('member_id', chunk.map((event) => event.memberId)).update({ removed: true, change_seq: trx.raw("nextval('cohort_change_seq')") });
  }
}

async function assignPractitioners(trx: Knex.Transaction, events: readonly EventOf<'practitioner.assigned'>[]): Promise<void> {
  if (events.length === 0) return;
  await trx.raw(
    `update families as f set practitioner_id = v.practitioner_id
       from unnest(?::text[], ?::text[]) as v(family_id, practitioner_id) where f.family_id = v.family_id`,
    [events.map((event) => event.familyId), events.map((event) => event.practitioner.practitionerId)],
  );
}

/**
 * The latest description of each practitioner wins, whichever family's event carried it (see
 * migration 015): the greatest recordedAt, the later event on a tie, as applying them in turn
 * leaves it. Only these events write the table, so it can be written once for the whole batch.
 */
async function describePractitioners(trx: Knex.Transaction, events: readonly EventOf<'practitioner.assigned'>[]): Promise<void> {
  const latest = new Map<string, EventOf<'practitioner.assigned'>>();
  for (const event of events) {
    const seen = latest.get(event.practitioner.practitionerId);
    if (!seen || Date.parse(seen.recordedAt) <= Date.parse(event.recordedAt)) latest.set(event.practitioner.practitionerId, event);
  }
  for (const chunk of chunks([...latest.values()])) {
    await trx('practitioners')
      .insert(chunk.map((event) => ({ practitioner_id: event.practitioner.practitionerId, name: event.practitioner.name, email: event.practitioner.email, team: event.practitioner.team ?? null, recorded_at: event.recordedAt })))
      .onConflict('practitioner_id')
      .merge()
      .where((q) => q.whereNull('practitioners.recorded_at').orWhere('practitioners.recorded_at', '<=', trx.ref('excluded.recorded_at')));
  }
}

async function recordConsents(trx: Knex.Transaction, events: readonly EventOf<'consent.recorded' | 'consent.withdrawn'>[]): Promise<void> {
  const rows = events.map((event) => ({ family_id: event.familyId, member_id: event.memberId ?? '', purpose: event.purpose, ...consentColumns(event) }));
  for (const chunk of chunks(rows)) {
    await trx('consents').insert(chunk).onConflict(['family_id', 'member_id', 'purpose']).merge();
    await trx('consent_history').insert(chunk);
  }
}

async function recordSchools(trx: Knex.Transaction, events: readonly EventOf<'member.school-recorded'>[]): Promise<void> {
  // The roll with its history: Encompass tells the school on the child's roll.
  const rows = events.map((event) => ({
    member_id: event.memberId,
    family_id: event.familyId,
    valid_from: event.from,
    school_urn: event.school && 'urn' in event.school ? event.school.urn : null,
    home_educated: event.school !== null && 'homeEducated' in event.school,
    recorded_at: event.recordedAt,
  }));
  for (const chunk of chunks(rows)) await trx('member_schools').insert(chunk).onConflict(['member_id', 'valid_from']).merge();
}

/**
 * Normally a family.erased event is read as erased (its key is gone before it is published) and so
 * never applied; this is for a key table restored from before the erasure: the log still says the
 * family is gone.
 */
async function eraseFamily(trx: Knex.Transaction, familyId: string): Promise<void> {
  for (const table of ['family_addresses', 'member_schools', 'members', 'consents', 'consent_history', 'families']) await trx(table).where({ family_id: familyId }).delete();
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

/** `families` holds the address each family lives at now: the one they moved to last. */
async function makeLatestAddressCurrent(trx: Knex.Transaction, familyIds: readonly string[]): Promise<void> {
  if (familyIds.length === 0) return;
  await trx.raw(
    `update families as f
        set address_line1 = l.address_line1, address_line2 = l.address_line2, town = l.town, postcode = l.postcode, uprn = l.uprn, address_key = l.address_key
       from (select distinct on (family_id) family_id, address_line1, address_line2, town, postcode, uprn, address_key
               from family_addresses where family_id = any(?::text[])
              order by family_id, valid_from desc nulls last, id desc) as l
      where f.family_id = l.family_id`,
    [[...new Set(familyIds)]],
  );
}

async function touchMembers(trx: Knex.Transaction, familyIds: readonly string[]): Promise<void> {
  if (familyIds.length === 0) return;
  await trx.raw(`update members set change_seq = nextval('cohort_change_seq') where family_id = any(?::text[])`, [[...new Set(familyIds)]]);
}
