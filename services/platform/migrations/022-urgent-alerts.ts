import type { Knex } from 'knex';

/**
 * Urgent alerts (services/urgent). The urgent decider's own state: the family events a combination
 * rule counts (a week at most, pruned as it goes) and its ledger of alerts, one row per alert id,
 * where raising, acknowledging and escalating are each decided exactly once, in the transaction
 * that queues the event and the email. `urgent_alerts` is the projection of urgent-alerts.v1 that
 * the portal and `live-risk urgent list` read.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('urgent_family_events', (t) => {
    t.text('match_id').primary();
    t.text('family_id').notNullable();
    t.text('agency').notNullable();
    t.text('category').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.index(['family_id', 'occurred_at']);
  });
  await db.schema.createTable('urgent_alert_ledger', (t) => {
    t.text('alert_id').primary();
    t.text('match_id').notNullable();
    t.text('family_id').notNullable();
    t.text('rule_id').notNullable();
    t.text('outcome').notNullable().comment('raised | withheld (a recorded decision not to share it: no alert)');
    t.text('withheld_reason').comment('why no alert was raised, when withheld');
    t.text('routed_to').comment('lead-practitioner | duty-team');
    t.text('practitioner_id');
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.timestamp('acknowledged_at', { useTz: true });
    t.timestamp('escalated_at', { useTz: true });
    t.index(['outcome', 'acknowledged_at', 'escalated_at', 'raised_at']);
  });
  await db.schema.createTable('urgent_alerts', (t) => {
    t.text('alert_id').primary();
    t.text('match_id').notNullable();
    t.text('family_id').notNullable();
    t.text('rule_id').notNullable();
    t.text('says').notNullable();
    t.text('routed_to').notNullable();
    t.text('practitioner_id');
    t.boolean('quiet_hours').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.text('acknowledged_by');
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('escalated_to');
    t.timestamp('escalated_at', { useTz: true });
    t.index(['practitioner_id']);
    t.index(['match_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['urgent_alerts', 'urgent_alert_ledger', 'urgent_family_events']) await db.schema.dropTableIfExists(table);
}
