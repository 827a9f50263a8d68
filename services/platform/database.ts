import knex, { type Knex } from 'knex';
import { Client, types } from 'pg';
import { LiveRiskError, describeError } from './errors';
import { migrationSource } from './migrations';

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

export function openDatabase(databaseUrl: string): Knex {
  return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 6 } });
}

/** Creates the database if needed and brings its schema up to date. */
export async function prepareDatabase(databaseUrl: string): Promise<Knex> {
  await ensureDatabaseExists(databaseUrl);
  const db = openDatabase(databaseUrl);
  await db.migrate.latest({ migrationSource });
  return db;
}
