import type { Knex } from 'knex';

/**
 * The record of disclosures (services/audit): an append-only, hash-chained log of every disclosure
 * and view. Not a projection: it is the evidence itself, never rebuilt or emptied.
 *
 * Append-only is enforced in layers:
 * 1. Triggers reject UPDATE, DELETE and TRUNCATE on audit_log for everyone, superusers included.
 *    They are ENABLE ALWAYS, so `session_replication_role = replica` does not skip them; only the
 *    table's owner can switch them off, with an explicit ALTER TABLE.
 * 2. The services do not work as the owner. Migrations run as the user in DATABASE_URL (who owns
 *    the tables); every other connection runs `SET ROLE live_risk_service` (platform/database.ts).
 *    That role has full rights on every other table, now and later (default privileges), but only
 *    SELECT and INSERT on audit_log, so the services cannot change an entry even with the triggers
 *    off, and cannot switch the triggers off.
 * 3. Whoever can bypass both (a superuser) is caught by the hash chain: `live-risk audit verify`.
 *
 * Roles belong to the whole PostgreSQL cluster, not to one database, and every test database runs
 * this migration, often at the same moment: the role is created only if missing, and a parallel
 * creation is not an error. The grants are per database.
 */
export const serviceRole = 'live_risk_service';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('audit_log', (t) => {
    // Assigned max + 1 under a lock by the appender, not by a sequence: a rolled-back transaction
    // would leave a gap in a sequence, and a gap here must mean a deleted entry.
    t.bigInteger('seq').primary();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('kind').notNullable();
    t.text('actor').notNullable();
    t.text('recipient');
    t.specificType('subject_member_ids', 'text[]').notNullable().defaultTo('{}');
    t.text('family_id');
    t.text('item_id');
    t.text('digest_id');
    t.text('agency');
    t.text('category');
    t.text('disclosure_level');
    t.text('lawful_basis');
    t.text('policy_version');
    t.text('justification');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable().unique();
    t.index(['family_id']);
    t.index(['at']);
    t.index(['item_id']);
  });
  await db.raw('CREATE INDEX audit_log_subjects ON audit_log USING gin (subject_member_ids)');
  await db.raw(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_hashes_are_sha256
    CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')`);

  await db.raw(`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING HINT = 'entries are evidence; record a correction as a new entry instead',
              ERRCODE = 'insufficient_privilege';
    END $$`);
  await db.raw(`CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  await db.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);

  // The newest entry's seq and hash, moved forward by the database on every insert and never back,
  // so deleting the newest entries (which the chain alone cannot notice) leaves the record ahead of
  // the log, and the next append leaves a visible gap. SECURITY DEFINER: the service role cannot
  // write the record itself.
  await db.schema.createTable('audit_log_head', (t) => {
    t.boolean('one').primary().defaultTo(true);
    t.bigInteger('seq').notNullable();
    t.text('hash').notNullable();
  });
  await db.raw('ALTER TABLE audit_log_head ADD CONSTRAINT audit_log_head_single_row CHECK (one)');
  await db.raw(`
    CREATE FUNCTION audit_log_advance_head() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      INSERT INTO audit_log_head (one, seq, hash) VALUES (true, NEW.seq, NEW.hash)
        ON CONFLICT (one) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash WHERE audit_log_head.seq < EXCLUDED.seq;
      RETURN NULL;
    END $$`);
  await db.raw(`CREATE TRIGGER audit_log_advance_head AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_advance_head()`);
  await db.raw(`
    CREATE FUNCTION audit_log_head_only_forward() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.seq > OLD.seq THEN RETURN NEW; END IF;
      RAISE EXCEPTION 'audit_log_head only moves forward: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`);
  await db.raw(`CREATE TRIGGER audit_log_head_only_forward BEFORE UPDATE OR DELETE ON audit_log_head
    FOR EACH ROW EXECUTE FUNCTION audit_log_head_only_forward()`);
  await db.raw(`CREATE TRIGGER audit_log_head_no_truncate BEFORE TRUNCATE ON audit_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_head_only_forward()`);
  // ENABLE ALWAYS: `session_replication_role = replica` must not skip them.
  for (const [table, trigger] of [
    ['audit_log', 'audit_log_no_update_or_delete'], ['audit_log', 'audit_log_no_truncate'], ['audit_log', 'audit_log_advance_head'],
    ['audit_log_head', 'audit_log_head_only_forward'], ['audit_log_head', 'audit_log_head_no_truncate'],
  ]) {
    await db.raw(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${trigger}`);
  }

  // If the migrating user may not create roles (a managed database), the role is skipped with a
  // warning and the services keep working as that user, protected by layers 1 and 3 only;
  // platform/database.ts warns about it at every start.
  await db.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${serviceRole}') THEN
        BEGIN
          CREATE ROLE ${serviceRole} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        EXCEPTION
          WHEN duplicate_object OR unique_violation THEN NULL; -- a parallel migration created it first
          WHEN insufficient_privilege THEN
            RAISE WARNING 'cannot create role ${serviceRole}: services will run as %, and audit_log is protected by its triggers only', current_user;
            RETURN;
        END;
      END IF;
      -- A non-superuser owner must be a member to SET ROLE to it.
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
         AND NOT pg_has_role(current_user, '${serviceRole}', 'MEMBER') THEN
        EXECUTE format('GRANT ${serviceRole} TO %I', current_user);
      END IF;
      EXECUTE format('GRANT CONNECT, TEMPORARY, CREATE ON DATABASE %I TO ${serviceRole}', current_database());
      GRANT USAGE, CREATE ON SCHEMA public TO ${serviceRole};
      GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO ${serviceRole};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${serviceRole};
      -- Tables and sequences later migrations create (as this same user) get the same rights.
      ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES TO ${serviceRole};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${serviceRole};
      REVOKE ALL ON audit_log, audit_log_head FROM ${serviceRole}, PUBLIC;
      GRANT SELECT, INSERT ON audit_log TO ${serviceRole};
      GRANT SELECT ON audit_log_head TO ${serviceRole};
      -- Migrations are not the services' business.
      REVOKE ALL ON knex_migrations, knex_migrations_lock FROM ${serviceRole};
    END $$`);
}

export async function down(db: Knex): Promise<void> {
  // The role is shared by every live-risk database in the cluster: leave it, drop only this database's grants.
  await db.raw(`
    DO $$
    BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${serviceRole}') THEN
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${serviceRole};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${serviceRole};
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${serviceRole};
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${serviceRole};
        REVOKE ALL ON SCHEMA public FROM ${serviceRole};
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM ${serviceRole}', current_database());
      END IF;
    END $$`);
  await db.schema.dropTableIfExists('audit_log');
  await db.schema.dropTableIfExists('audit_log_head');
  for (const fn of ['audit_log_append_only', 'audit_log_advance_head', 'audit_log_head_only_forward']) await db.raw(`DROP FUNCTION IF EXISTS ${fn}()`);
}
