import type { Knex } from 'knex';

/**
 * Issue 16, decisions to share or withhold (services/sharing-decisions): the projection of
 * sharing-decisions.v1. `sharing_decisions` holds each decision to withhold an item as more
 * detrimental to the child; `sharing_decision_reviews` each review of one. A decision's status is
 * derived from its reviews (the latest wins), never stored, so a replay rebuilds it exactly.
 * `recorded_at` is when the message reached Kafka: a digest reproduced as of a past cut-off honours
 * exactly the decisions and reviews that had reached us by then.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('sharing_decisions', (t) => {
    t.text('decision_id').primary();
    t.text('agency').notNullable();
    t.text('agency_event_id').notNullable();
    t.text('family_id').comment('absent: every family the event is linked to');
    t.text('member_id').comment('the child; absent: every disclosure of the item');
    t.specificType('paths', 'text[]').notNullable();
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    t.index(['agency', 'agency_event_id']);
    t.index(['member_id']);
    t.index(['family_id']);
  });
  await db.schema.createTable('sharing_decision_reviews', (t) => {
    t.text('review_id').primary();
    t.text('decision_id').notNullable();
    t.text('outcome').notNullable();
    t.timestamp('reviewed_at', { useTz: true }).notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable();
    t.index(['decision_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('sharing_decision_reviews');
  await db.schema.dropTableIfExists('sharing_decisions');
}
