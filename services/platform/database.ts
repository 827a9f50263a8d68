import knex, { type Knex } from 'knex';
import { Client, types } from 'pg';
import { LiveRiskError, describeError } from './errors';
import { createLogger } from './logger';
import { migrationSource } from './migrations';
import { serviceRole } from './migrations/005-audit-log';

// timestamptz columns come back as Date; bigint offsets stay strings (no silent precision loss).
// A calendar date stays the string PostgreSQL sent ('2026-03-29'): turning it into a Date at local
// midnight would shift it a day on machines east of UTC.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/** Creates the database named in `databaseUrl` if it does not exist yet. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new LiveRiskError('CONFIG_INVALID', `database name "${name}" must be letters, digits and underscores`);
  }
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by someone else: fine
      });
    }
  } catch (error) {
    throw databaseUnavailable(databaseUrl, error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function databaseUnavailable(databaseUrl: string, cause: unknown): LiveRiskError {
  const where = new URL(databaseUrl);
  return new LiveRiskError(
    'DATABASE_UNAVAILABLE',
    `cannot reach PostgreSQL at ${where.hostname}:${where.port || 5432}: ${describeError(cause)}`,
    {
      retriable: true,
      cause,
      hint: 'start PostgreSQL (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set DATABASE_URL',
    },
  );
}

/** With `role`, every pooled connection does `SET ROLE role` before it is first used. */
export function openDatabase(databaseUrl: string, options: { role?: string } = {}): Knex {
  const { role } = options;
  const afterCreate = (connection: Client, done: (error: Error | null, connection: Client) => void) => {
    connection.query(`SET ROLE "${role}"`).then(() => done(null, connection), (error: Error) => done(error, connection));
  };
  return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 6, ...(role ? { afterCreate } : {}) } });
}

/**
 * A second, small pool on the same database as `db`, as the same role. For lookups made while a
 * transaction holds one of `db`'s connections (the family keyring opens sealed events inside each
 * consumer's batch): from `db` itself, a process whose consumers hold every connection would wait
 * for a connection none of them will give back.
 */
export function separatePool(db: Knex, max = 2): Knex {
  const config = db.client.config as Knex.Config;
  return knex({ ...config, pool: { ...(config.pool ?? {}), min: 0, max } });
}

/**
 * Creates the database if needed, brings its schema up to date, and returns the pool the services
 * use. Migrations run on a pool of their own as the user in DATABASE_URL, who owns the tables. The
 * returned pool works as the restricted service role migration 005 creates (all rights on every
 * table but the audit log, where it may only read and append), so no service, command or test can
 * change or delete an audit entry. One DATABASE_URL still configures everything: the role needs no
 * login or password, since the owner switches to it.
 */
export async function prepareDatabase(databaseUrl: string): Promise<Knex> {
  await ensureDatabaseExists(databaseUrl);
  const owner = openDatabase(databaseUrl);
  let role: string | undefined;
  try {
    await migrateOneAtATime(databaseUrl, () => owner.migrate.latest({ migrationSource }));
    role = await usableServiceRole(owner);
  } finally {
    await owner.destroy();
  }
  return openDatabase(databaseUrl, { role });
}

/**
 * For work that needs only PostgreSQL (audit, API keys, agencies' access): the pool for the length
 * of `work`, with an unreachable server reported as DATABASE_UNAVAILABLE (retriable).
 */
export async function withDatabase<T>(databaseUrl: string, work: (db: Knex) => Promise<T>): Promise<T> {
  const db = await prepareDatabase(databaseUrl).catch((error: unknown) => {
    throw error instanceof LiveRiskError ? error : databaseUnavailable(databaseUrl, error);
  });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Processes started together on a new database (the consumers, the scheduler and the portal after a
 * deployment) would each try to create knex's own migration tables, and all but one fail. An
 * advisory lock held on a connection of its own makes them take turns; the later ones find nothing
 * left to do.
 */
async function migrateOneAtATime(databaseUrl: string, migrate: () => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select pg_advisory_lock(hashtext($1))', ['live-risk.migrate']);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw databaseUnavailable(databaseUrl, error);
  }
  try {
    await migrate();
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The service role when this user may switch to it; otherwise a warning and no switch. */
async function usableServiceRole(db: Knex): Promise<string | undefined> {
  const { rows } = await db.raw(
    `select case when exists (select from pg_roles where rolname = ?) then pg_has_role(current_user, ?, 'MEMBER') else false end as usable`,
    [serviceRole, serviceRole],
  );
  if (rows[0]?.usable === true) return serviceRole;
  createLogger({ service: 'database' }).warn('working as the database owner, not the service role: the audit log is protected by its triggers and hash chain only', {
    role: serviceRole,
    hint: `ask a database administrator to CREATE ROLE ${serviceRole} NOLOGIN and GRANT it to the user in DATABASE_URL, and to give it the grants in services/platform/migrations/005-audit-log.ts`,
  });
  return undefined;
}
