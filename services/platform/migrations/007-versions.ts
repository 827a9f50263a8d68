import type { Knex } from 'knex';

/**
 * Issue 6: every rule set and sharing policy a digest was built with, kept by version and content
 * hash, so `live-risk digest --as-of` can rebuild a past digest with the rules in force that day even
 * when they came from a custom file (`--rules`, LIVE_RISK_RULES_FILE) that has since changed or gone.
 * The digest job writes them in the transaction that issues the digests. Not a projection: rules and
 * policies are configuration, not events, so they are not on a topic and a replay does not fill them.
 */
export async function up(db: Knex): Promise<void> {
  for (const table of ['rule_set_versions', 'policy_versions']) {
    await db.schema.createTable(table, (t) => {
      t.text('version').notNullable();
      t.text('content_hash').notNullable().comment('SHA-256 of the canonical JSON (keys sorted) of the parsed document');
      t.jsonb('document').notNullable();
      t.timestamp('first_used_at', { useTz: true }).notNullable().comment('the cut-off of the first digest run that used it');
      t.primary(['version', 'content_hash']);
    });
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('policy_versions');
  await db.schema.dropTableIfExists('rule_set_versions');
}
