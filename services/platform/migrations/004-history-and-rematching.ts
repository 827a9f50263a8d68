import type { Knex } from 'knex';

/**
 * What the cohort looked like at any time, and what re-matching needs:
 * - `family_addresses`: every address a family has lived at and from when, so an event links a
 *   household by the address it had on the day of the event, not the one it has now;
 * - `consent_history`: every consent change, so a digest (or its reproduction) reads consent as it
 *   stood at its cut-off;
 * - `matcher_links`: every (event, family) link the matcher or re-matching decided, so the two never
 *   publish the same link twice;
 * - `rematch_requests`: cohort changes the matcher saw after it had already matched earlier events,
 *   with the offsets it had reached, so re-matching reads exactly the events matched without them.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('family_addresses', (t) => {
    t.bigIncrements('id');
    t.text('family_id').notNullable();
    t.date('valid_from').comment('null: since before the family joined the cohort');
    t.text('address_line1').notNullable();
    t.text('address_line2');
    t.text('town');
    t.text('postcode').notNullable();
    t.text('uprn');
    t.text('address_key').notNullable();
    t.index(['family_id']);
    t.index(['address_key']);
    t.index(['uprn']);
  });
  await db.raw(`
    INSERT INTO family_addresses (family_id, valid_from, address_line1, address_line2, town, postcode, uprn, address_key)
    SELECT family_id, NULL, address_line1, address_line2, town, postcode, uprn, address_key FROM families`);

  await db.schema.alterTable('consents', (t) => {
    t.text('justification').comment('why sharing goes ahead without consent (safeguarding), where recorded');
  });
  await db.schema.createTable('consent_history', (t) => {
    t.bigIncrements('id');
    t.text('family_id').notNullable();
    t.text('member_id').notNullable().defaultTo('').comment("'' means the whole family");
    t.text('purpose').notNullable();
    t.text('basis').comment('null when withdrawn');
    t.text('status').notNullable().comment('given | withdrawn');
    t.text('justification');
    t.timestamp('changed_at', { useTz: true }).notNullable();
    t.index(['family_id', 'changed_at']);
  });
  await db.raw(`
    INSERT INTO consent_history (family_id, member_id, purpose, basis, status, changed_at)
    SELECT family_id, member_id, purpose, basis, status, changed_at FROM consents`);

  await db.schema.createTable('matcher_links', (t) => {
    t.text('match_id').primary();
    t.text('context').notNullable().comment('live | history');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  // Links decided before this table existed: in the matches projection, or still in the outbox.
  await db.raw(`
    INSERT INTO matcher_links (match_id, context)
    SELECT match_id, context FROM matches
    UNION
    SELECT payload->>'matchId', coalesce(payload->>'context', 'live') FROM outbox WHERE payload->>'type' = 'match.linked'
    ON CONFLICT DO NOTHING`);

  // The last cohort change the matcher has taken into account; a restarted matcher reloads the whole
  // cohort but asks for re-matching only for changes after this. Existing installations start from
  // everything they hold: their matcher has seen it.
  await db.schema.createTable('matcher_cohort_position', (t) => {
    t.text('consumer').primary();
    t.bigInteger('seen_change_seq').notNullable();
  });
  await db.raw(`
    INSERT INTO matcher_cohort_position (consumer, seen_change_seq)
    SELECT 'matcher', max(change_seq) FROM members HAVING count(*) > 0`);

  await db.schema.createTable('rematch_requests', (t) => {
    t.bigIncrements('id');
    t.text('member_id').notNullable();
    t.text('family_id').notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.jsonb('matched_up_to').notNullable().comment('the matcher offsets reached without this change: [{topic, partition, offset}]');
    t.timestamp('done_at', { useTz: true });
    t.index(['done_at', 'id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('rematch_requests');
  await db.schema.dropTableIfExists('matcher_cohort_position');
  await db.schema.dropTableIfExists('matcher_links');
  await db.schema.dropTableIfExists('consent_history');
  await db.schema.alterTable('consents', (t) => t.dropColumn('justification'));
  await db.schema.dropTableIfExists('family_addresses');
}
