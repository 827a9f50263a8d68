import type { Knex } from 'knex';

/**
 * Issue 13: the same eventId means one of two things. With the same content it is a publisher's
 * retry, ignored and counted; with different content it is refused (EVENT_ID_REUSED), because
 * live-risk has no corrections. To tell them apart the matcher's ledger keeps, with each agency
 * message it decoded, the event's eventId and the SHA-256 of its canonical validated JSON: a hash,
 * so no personal content is stored. Rows from before this migration have neither: an event first
 * seen then is not found by its eventId, and a re-sent copy is handled as before (its links are
 * already claimed by match id, so nothing is published twice).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('matcher_ledger', (t) => {
    t.text('event_id').comment("the agency's eventId of a decoded message; null when dead-lettered before decoding, or from before 010");
    t.text('content_sha256').comment('SHA-256 (hex) of the canonical JSON of the validated event; null from before 010');
  });
  await db.raw('create index matcher_ledger_event_id on matcher_ledger (topic, event_id) where event_id is not null');
  await db.raw("comment on column matcher_ledger.outcome is 'linked | in-review | unlinked | duplicate | dead-lettered'");
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists matcher_ledger_event_id');
  await db.schema.alterTable('matcher_ledger', (t) => {
    t.dropColumn('event_id');
    t.dropColumn('content_sha256');
  });
}
