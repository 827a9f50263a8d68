import type { Knex } from 'knex';

/**
 * Teams (cohort contract: a practitioner's optional `team`). A team manager's portal screen lists
 * the families whose lead practitioner is in the manager's own team, so the team is looked up by
 * name. `recorded_at` is when the cohort event that last described the practitioner was recorded:
 * a practitioner is named in the events of every family they lead, which sit on different
 * partitions, so a rebuild may apply an older description after a newer one; the older one must
 * not win (a team move would otherwise be undone, and the wrong manager see the families).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('practitioners', (t) => {
    t.text('team').comment("the practitioner's team, from the cohort; null when the council's export has none");
    t.timestamp('recorded_at', { useTz: true }).comment('recordedAt of the cohort event that last described the practitioner');
    t.index(['team']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('practitioners', (t) => {
    t.dropIndex(['team']);
    t.dropColumn('recorded_at');
    t.dropColumn('team');
  });
}
