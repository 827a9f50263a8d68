import type { Knex } from 'knex';

/**
 * Issue 3: the matcher keeps the cohort in memory and must see every change to it, so each write
 * to a member (and to every member of a family whose address or status changes) takes the next
 * number of one sequence; the matcher asks for rows above the number it has seen. And the review
 * queue, a projection of reviews.v1.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('CREATE SEQUENCE IF NOT EXISTS cohort_change_seq');
  await db.schema.alterTable('members', (t) => {
    t.bigInteger('change_seq').notNullable().defaultTo(db.raw("nextval('cohort_change_seq')"));
    t.index(['change_seq']);
  });
  await db.schema.createTable('reviews', (t) => {
    t.text('review_id').primary();
    t.text('status').notNullable().comment('open | confirmed | rejected');
    t.text('family_id').notNullable();
    t.text('member_id').notNullable();
    t.double('score').notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.jsonb('request').notNullable();
    t.jsonb('decision');
    t.index(['status', 'requested_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('reviews');
  await db.schema.alterTable('members', (t) => {
    t.dropIndex(['change_seq']);
    t.dropColumn('change_seq');
  });
  await db.raw('DROP SEQUENCE IF EXISTS cohort_change_seq');
}
