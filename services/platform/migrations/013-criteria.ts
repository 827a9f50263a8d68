import type { Knex } from 'knex';

/**
 * Issue 17, eligibility criteria (services/criteria):
 * - `criteria_reports`: each pseudonymised criteria report an analyst ran, so an approval can name
 *   it by id and `criteria list` can evaluate exactly the same criteria (the document as it was
 *   run), as-of date and knowledge cut-off again. The analyst's record, like `rule_set_versions`,
 *   not a projection; it holds no personal data (the report itself is not stored).
 * - `criteria_approvals`: projection of criteria-approvals.v1 (services/projector).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('criteria_reports', (t) => {
    t.text('report_id').primary().comment('cr- and the first 16 hex digits of the content hash');
    t.text('content_hash').notNullable().comment('SHA-256 of the pseudonymised report content as canonical JSON');
    t.text('criteria_version').notNullable();
    t.text('criteria_hash').notNullable();
    t.jsonb('criteria_document').notNullable().comment('the criteria file as it was run');
    t.text('as_of').notNullable().comment('YYYY-MM-DD');
    t.text('known_at').notNullable().comment('local ISO 8601 instant: matches that reached us before it count');
    t.jsonb('thresholds').notNullable();
    t.text('created_by').notNullable().comment('the analyst who ran it (may not approve it)');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('criteria_approvals', (t) => {
    t.text('approval_id').primary();
    t.text('report_id').notNullable();
    t.text('content_hash').notNullable();
    t.text('approved_by').notNullable();
    t.timestamp('approved_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    t.index(['report_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('criteria_approvals');
  await db.schema.dropTableIfExists('criteria_reports');
}
