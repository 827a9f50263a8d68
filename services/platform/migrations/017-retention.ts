import type { Knex } from 'knex';

/**
 * Issue 14, part 1: the retention schedule (services/retention).
 *
 * - `dead_letters.dead_letter_offset`: where each dead letter is on dead-letter.v1. Kafka deletes
 *   that topic's messages after the `dead-letter-originals` period; the retention run then removes
 *   exactly the rows whose message Kafka no longer holds, so the projection stays what a replay of
 *   the topic gives (`replay --verify`). Null for rows from before 017: those are removed by age
 *   instead, and `live-risk rebuild dead-letters` fills it in.
 * - `dead_letter_counts`: what is left of removed dead letters, counts by day, source topic and
 *   reason code. Not a projection: the messages it counts are gone, so it is never rebuilt or emptied.
 * - `retention_runs`: every retention run (not a dry run), with its report (counts per record
 *   class, never names); a scheduled run is recorded under its day, so the day's run happens once
 *   however many schedulers are running.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('dead_letters', (t) => {
    t.bigInteger('dead_letter_offset').comment('offset on dead-letter.v1 (one partition); null from before 017');
    t.index(['dead_letter_offset']);
  });
  await db.schema.createTable('dead_letter_counts', (t) => {
    t.date('day').notNullable().comment('the day (UTC) the messages were dead-lettered');
    t.text('source_topic').notNullable();
    t.text('reason_code').notNullable();
    t.integer('count').notNullable();
    t.primary(['day', 'source_topic', 'reason_code']);
  });
  await db.schema.createTable('retention_runs', (t) => {
    t.bigIncrements('run_id');
    t.date('scheduled_for').unique().comment('the day of a scheduled run (Europe/London); null for a run an operator started');
    t.text('actor').notNullable().comment("'system' for the scheduler, 'operator:<user>' otherwise");
    t.text('schedule_version').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).notNullable();
    t.jsonb('report').notNullable().comment('counts per record class; never names or identifiers');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('retention_runs');
  await db.schema.dropTableIfExists('dead_letter_counts');
  await db.schema.alterTable('dead_letters', (t) => {
    t.dropIndex(['dead_letter_offset']);
    t.dropColumn('dead_letter_offset');
  });
}
