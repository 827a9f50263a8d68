import type { Knex } from 'knex';
import { serviceRole } from './005-audit-log';

/**
 * Issue 14, the loose ends of retention: the audit log ages out per the schedule and its chain still
 * verifies.
 *
 * - `audit_log_checkpoints`: one row per ageing, recording the last entry removed (its seq and
 *   hash, which the first entry kept names as its prev_hash), how many entries that ageing removed
 *   and the cut-off it used. `audit verify` starts from the newest checkpoint instead of the genesis
 *   hash, and checks that the checkpoints account for every seq before it. Append-only, like the log.
 * - `audit_log_age_out(last_seq, last_hash, cut_off)`: the only way entries leave the log. SECURITY
 *   DEFINER, so the service role (which may not DELETE) can age the log out through it and nothing
 *   else. It refuses unless the entry at last_seq has last_hash (the caller verified the chain up to
 *   it first), every entry up to it is older than the cut-off, and no seq is missing since the
 *   previous checkpoint: a broken or tampered stretch is never aged out of sight.
 * - The append-only trigger now lets a DELETE through only inside that function (a transaction-local
 *   setting it sets) and only for entries at or below the newest checkpoint.
 *
 * `consumer_gaps`: stretches of a topic a consumer never read because Kafka deleted them first
 * (retention), recorded when it starts or checks its offsets (platform/expired-gaps.ts); `status`
 * counts the matcher's as "expired unread", so the agency topics still reconcile.
 *
 * And review requests stop keeping a possible stranger's name and date of birth: the reviews
 * projection now stores requests without them (services/review/agency-person.ts), so the rows
 * already stored lose them here too, which is what a rebuild of the projection now gives.
 */
const appendOnlyBody = (allowAgeing: boolean) => `
    CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${allowAgeing
        ? `IF TG_OP = 'DELETE' AND current_setting('live_risk.audit_ageing', true) = 'on'
         AND OLD.seq <= (SELECT max(seq) FROM audit_log_checkpoints) THEN
        RETURN OLD;
      END IF;`
        : ''}
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING HINT = 'entries are evidence; record a correction as a new entry instead${allowAgeing ? ', and age old ones out with `live-risk retention run`' : ''}',
              ERRCODE = 'insufficient_privilege';
    END $$`;

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('consumer_gaps', (t) => {
    t.text('consumer').notNullable().comment('the offsets key, as in consumer_offsets');
    t.text('topic').notNullable();
    t.integer('partition').notNullable();
    t.bigInteger('from_offset').notNullable().comment('the first offset never read');
    t.bigInteger('to_offset').notNullable().comment('the start of the log when the gap was found (exclusive)');
    t.timestamp('detected_at', { useTz: true }).notNullable();
    t.primary(['consumer', 'topic', 'partition', 'from_offset']);
  });
  await db.raw(`UPDATE reviews SET request = jsonb_set(request, '{person}', jsonb_build_object('role', request->'person'->'role'))
    WHERE jsonb_exists_any(request->'person', array['givenName', 'familyName', 'dateOfBirth'])`);
  await db.schema.createTable('audit_log_checkpoints', (t) => {
    t.bigInteger('seq').primary().comment('the last entry removed by this ageing');
    t.text('hash').notNullable().comment('its hash: the prev_hash of the first entry kept');
    t.bigInteger('removed').notNullable().comment('entries this ageing removed: seq minus the previous checkpoint seq');
    t.timestamp('removed_before', { useTz: true }).notNullable().comment('the cut-off: every entry removed was recorded before it');
    t.timestamp('at', { useTz: true }).notNullable();
  });
  await db.raw(`ALTER TABLE audit_log_checkpoints ADD CONSTRAINT audit_log_checkpoints_hash_is_sha256 CHECK (hash ~ '^[0-9a-f]{64}$')`);
  await db.raw(`
    CREATE FUNCTION audit_log_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log_checkpoints is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await db.raw(`CREATE TRIGGER audit_log_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_log_checkpoints_append_only()`);
  await db.raw(`CREATE TRIGGER audit_log_checkpoints_no_truncate BEFORE TRUNCATE ON audit_log_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_checkpoints_append_only()`);
  for (const trigger of ['audit_log_checkpoints_no_update_or_delete', 'audit_log_checkpoints_no_truncate']) {
    await db.raw(`ALTER TABLE audit_log_checkpoints ENABLE ALWAYS TRIGGER ${trigger}`);
  }

  await db.raw(appendOnlyBody(true));
  await db.raw(`
    CREATE FUNCTION audit_log_age_out(last_seq bigint, last_hash text, cut_off timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      previous bigint;
      stored_hash text;
      kept bigint;
      newest_at timestamptz;
    BEGIN
      -- The appenders' lock: nothing is chained onto the log while part of it leaves.
      PERFORM pg_advisory_xact_lock(hashtext('live-risk.audit-log'));
      SELECT coalesce(max(c.seq), 0) INTO previous FROM audit_log_checkpoints c;
      IF last_seq <= previous THEN
        RAISE EXCEPTION 'entries up to % were already aged out (checkpoint at %)', last_seq, previous USING ERRCODE = 'invalid_parameter_value';
      END IF;
      SELECT l.hash INTO stored_hash FROM audit_log l WHERE l.seq = last_seq;
      IF stored_hash IS DISTINCT FROM last_hash THEN
        RAISE EXCEPTION 'entry % is not the entry that was verified', last_seq USING ERRCODE = 'invalid_parameter_value',
          HINT = 'run live-risk audit verify';
      END IF;
      SELECT count(*), max(l.at) INTO kept, newest_at FROM audit_log l WHERE l.seq > previous AND l.seq <= last_seq;
      IF kept <> last_seq - previous THEN
        RAISE EXCEPTION 'entries between % and % are missing: the log is not intact', previous, last_seq USING ERRCODE = 'invalid_parameter_value',
          HINT = 'run live-risk audit verify';
      END IF;
      IF newest_at >= cut_off THEN
        RAISE EXCEPTION 'entry recorded at % is within its period (cut-off %)', newest_at, cut_off USING ERRCODE = 'invalid_parameter_value';
      END IF;
      INSERT INTO audit_log_checkpoints (seq, hash, removed, removed_before, at) VALUES (last_seq, last_hash, kept, cut_off, now());
      PERFORM set_config('live_risk.audit_ageing', 'on', true);
      DELETE FROM audit_log l WHERE l.seq <= last_seq;
      PERFORM set_config('live_risk.audit_ageing', 'off', true);
      RETURN kept;
    END $$`);
  await db.raw('REVOKE ALL ON FUNCTION audit_log_age_out(bigint, text, timestamptz) FROM PUBLIC');
  // The same guarded grants as 005: skipped where the role could not be created.
  await db.raw(`
    DO $$
    BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${serviceRole}') THEN
        REVOKE ALL ON audit_log_checkpoints FROM ${serviceRole}, PUBLIC;
        GRANT SELECT ON audit_log_checkpoints TO ${serviceRole};
        GRANT EXECUTE ON FUNCTION audit_log_age_out(bigint, text, timestamptz) TO ${serviceRole};
      END IF;
    END $$`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(appendOnlyBody(false));
  await db.raw('DROP FUNCTION IF EXISTS audit_log_age_out(bigint, text, timestamptz)');
  await db.schema.dropTableIfExists('audit_log_checkpoints');
  await db.schema.dropTableIfExists('consumer_gaps');
  await db.raw('DROP FUNCTION IF EXISTS audit_log_checkpoints_append_only()');
}
