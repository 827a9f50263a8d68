import knex, { type Knex } from 'knex';
import type { Client } from 'pg';
import { LiveRiskError } from '../platform/errors';
import { migrationSource } from '../platform/migrations';

/**
 * A replay is built in a PostgreSQL schema of its own in the same database (`replay_<name>`), with
 * the projection tables made by the same migrations as the live ones, and its own consumer_offsets.
 * Every connection to it has `search_path` set to that schema alone, so the unqualified table names
 * the projections use can only reach the replay's tables, never the live ones in `public`.
 */
export const replaySchemaPrefix = 'replay_';

/** `march` → `replay_march`. Lower-case letters, digits and underscores, so it never needs quoting. */
export function replaySchemaName(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) {
    throw new LiveRiskError('INPUT_INVALID', `replay name "${name}" is not allowed`, {
      hint: 'use 1 to 40 lower-case letters, digits and underscores, starting with a letter, e.g. march_2026',
    });
  }
  return `${replaySchemaPrefix}${name}`;
}

/**
 * Migration 005 (the audit log) is not run in a replay schema. The audit log is evidence, not a
 * projection, and its grant block names schema `public` while its REVOKE names tables unqualified:
 * run with search_path = replay_x, it would grant the service role every right on the live
 * `public.audit_log` and then revoke them from the replay's copy instead. So the replay gets a
 * stand-in that does nothing under the same name, and `grantServiceRole` gives the role its rights
 * on the replay schema alone.
 */
const replayMigrations: Knex.MigrationSource<string> = {
  getMigrations: (extensions) => migrationSource.getMigrations(extensions),
  getMigrationName: (name) => migrationSource.getMigrationName(name),
  getMigration: async (name) => (name === '005-audit-log' ? { up: async () => undefined, down: async () => undefined } : migrationSource.getMigration(name)),
};

function connect(databaseUrl: string, schema: string, role?: string): Knex {
  const afterCreate = (connection: Client, done: (error: Error | null, connection: Client) => void) => {
    connection.query(`SET ROLE "${role}"`).then(() => done(null, connection), (error: Error) => done(error, connection));
  };
  return knex({ client: 'pg', connection: databaseUrl, searchPath: [schema], pool: { min: 0, max: 4, ...(role ? { afterCreate } : {}) } });
}

export async function schemaExists(db: Knex, schema: string): Promise<boolean> {
  const { rows } = await db.raw('select 1 from pg_namespace where nspname = ?', [schema]);
  return rows.length > 0;
}

/**
 * Creates the schema and its tables as the database owner (who runs migrations), then returns a pool
 * that works as the service role when `role` is given, like every other live-risk connection.
 */
export async function createReplaySchema(databaseUrl: string, schema: string, role: string | undefined): Promise<Knex> {
  const owner = connect(databaseUrl, schema);
  try {
    await owner.raw(`CREATE SCHEMA "${schema}"`);
    await owner.migrate.latest({ migrationSource: replayMigrations, schemaName: schema });
    // What this schema holds: which window of history, when, and whether it is pseudonymised.
    await owner.schema.withSchema(schema).createTable('replay_info', (t) => {
      t.timestamp('started_at', { useTz: true }).notNullable();
      t.timestamp('finished_at', { useTz: true }).notNullable();
      t.timestamp('window_from', { useTz: true }).comment('null: from the start of each topic');
      t.timestamp('window_to', { useTz: true }).comment('null: up to the end of each topic when the replay started');
      t.bigInteger('messages').notNullable();
      t.boolean('pseudonymised').notNullable();
    });
    if (role) await grantServiceRole(owner, schema, role);
  } finally {
    await owner.destroy();
  }
  return connect(databaseUrl, schema, role);
}

async function grantServiceRole(owner: Knex, schema: string, role: string): Promise<void> {
  await owner.raw(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  await owner.raw(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
  await owner.raw(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
  await owner.raw(`REVOKE ALL ON "${schema}".knex_migrations, "${schema}".knex_migrations_lock FROM "${role}"`);
}

/** Work that needs the tables' owner (altering a column's type), on a short-lived pool. */
export async function asOwner<T>(databaseUrl: string, schema: string, work: (owner: Knex) => Promise<T>): Promise<T> {
  const owner = connect(databaseUrl, schema);
  try {
    return await work(owner);
  } finally {
    await owner.destroy();
  }
}

/** Drops a replay schema and everything in it. Only ever a `replay_` schema. */
export async function dropReplaySchema(databaseUrl: string, schema: string): Promise<void> {
  if (!schema.startsWith(replaySchemaPrefix) || !/^[a-z0-9_]+$/.test(schema)) {
    throw new LiveRiskError('INTERNAL', `refusing to drop schema ${schema}: not a replay schema`);
  }
  const owner = knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 1 } });
  try {
    await owner.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await owner.destroy();
  }
}

export type ReplayInfo = Readonly<{ schema: string; pseudonymised: boolean }>;

/**
 * Reads a finished replay, named as given to `replay --into` (`march`) or as its schema
 * (`replay_march`), as its owner. What the caller may do with a pseudonymised one is its own call.
 */
export async function withReplaySchema<T>(db: Knex, databaseUrl: string, name: string, work: (replay: Knex, info: ReplayInfo) => Promise<T>): Promise<T> {
  const schema = name.startsWith(replaySchemaPrefix) ? name : replaySchemaName(name);
  if (!/^[a-z0-9_]+$/.test(schema) || !(await schemaExists(db, schema))) {
    throw new LiveRiskError('NOT_FOUND', `there is no replay schema ${schema}`, { hint: 'build one with `live-risk replay --into NAME`' });
  }
  return asOwner(databaseUrl, schema, async (replay) => {
    const info: { pseudonymised: boolean } | undefined = await replay('replay_info').first('pseudonymised');
    if (!info) throw new LiveRiskError('NOT_FOUND', `${schema} has no replay_info: the replay did not finish`, { hint: 'run the replay again with --replace' });
    return work(replay, { schema, pseudonymised: info.pseudonymised });
  });
}
