import { Client } from 'pg';
import { LiveRiskError, describeError } from '../platform/errors';
import type { Progress } from './types';

/**
 * PostgreSQL is the one component we never start: it is a system service (or a docker compose
 * container). We only check it answers and create the databases live-risk needs on it.
 */

const startHint =
  'start PostgreSQL (on Debian/Ubuntu: pg_ctlcluster --skip-systemctl-redirect 15 main start, ' +
  'or docker compose up -d postgres), or check DATABASE_URL / REGISTRY_DATABASE_URL';

/** The same server and credentials, but the `postgres` maintenance database, which always exists. */
function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
}

export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the server behind the URL answers a query (its database need not exist yet). */
export async function probePostgres(databaseUrl: string): Promise<boolean> {
  try {
    await withClient(maintenanceUrl(databaseUrl), (client) => client.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

export async function requirePostgres(databaseUrl: string): Promise<void> {
  try {
    await withClient(maintenanceUrl(databaseUrl), (client) => client.query('select 1'));
  } catch (error) {
    const url = new URL(databaseUrl);
    throw new LiveRiskError(
      'DATABASE_UNAVAILABLE',
      `PostgreSQL at ${url.hostname}:${url.port || 5432} is not answering: ${describeError(error)}`,
      { retriable: true, cause: error, hint: startHint },
    );
  }
}

/** CREATE DATABASE has no IF NOT EXISTS, so look first and tolerate losing a race to another `up`. */
export async function ensureDatabase(databaseUrl: string, progress: Progress): Promise<void> {
  const name = databaseName(databaseUrl);
  try {
    await withClient(maintenanceUrl(databaseUrl), async (client) => {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount !== 0) return;
      progress(`creating PostgreSQL database ${name}`);
      const quoted = `"${name.replace(/"/g, '""')}"`;
      await client.query(`create database ${quoted}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // 42P04 duplicate_database: someone else won
      });
    });
  } catch (error) {
    throw new LiveRiskError(
      'DATABASE_UNAVAILABLE',
      `could not create PostgreSQL database ${name}: ${describeError(error)}`,
      { cause: error, hint: `check that the user in the URL may create databases, or create ${name} yourself` },
    );
  }
}

/** Apicurio speaks JDBC, so the same database as a jdbc: URL plus separate credentials. */
export function jdbcConnection(databaseUrl: string): { url: string; username: string; password: string } {
  const url = new URL(databaseUrl);
  const port = url.port || '5432';
  return {
    // Query parameters such as sslmode mean the same to pgjdbc as to libpq, so they pass through.
    url: `jdbc:postgresql://${url.hostname}:${port}${url.pathname}${url.search}`,
    username: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
  };
}

/** A session connected to one of our databases: what `stack reset` names before it refuses. */
export type DatabaseSession = Readonly<{ database: string; pid: number; application: string; client: string }>;

/** Which of these databases exist, and which others start with one of the prefixes, on the server of `databaseUrl`. */
export async function existingDatabases(
  databaseUrl: string,
  names: readonly string[],
  prefixes: readonly string[] = [],
): Promise<{ named: string[]; prefixed: string[] }> {
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database
        where datname = any($1) or exists (select 1 from unnest($2::text[]) as p(prefix) where starts_with(datname, p.prefix))
        order by datname`,
      [names, prefixes],
    );
    const all = rows.map((row) => row.datname);
    return { named: all.filter((name) => names.includes(name)), prefixed: all.filter((name) => !names.includes(name)) };
  });
}

/** Client sessions connected to any of these databases (never our own: we sit in `postgres`). */
export async function sessionsOn(databaseUrl: string, databases: readonly string[]): Promise<DatabaseSession[]> {
  if (databases.length === 0) return [];
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const { rows } = await client.query<{ datname: string; pid: number; application_name: string; client: string | null }>(
      `select datname, pid, application_name, coalesce(host(client_addr), 'local socket') as client
         from pg_stat_activity where datname = any($1) and backend_type = 'client backend' order by datname, pid`,
      [databases],
    );
    return rows.map((row) => ({ database: row.datname, pid: row.pid, application: row.application_name, client: row.client ?? 'local socket' }));
  });
}

/**
 * Drops a database nobody is connected to; 'in use' when someone is (PostgreSQL's 55006), so the
 * caller decides whether that is worth waiting for. Never WITH (FORCE): cutting off a session we
 * did not expect is how someone else's work breaks.
 */
export async function dropDatabase(databaseUrl: string, name: string): Promise<'dropped' | 'absent' | 'in use'> {
  return withClient(maintenanceUrl(databaseUrl), async (client) => {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) return 'absent';
    try {
      await client.query(`drop database if exists ${quoted}`);
      return 'dropped';
    } catch (error) {
      if ((error as { code?: string }).code === '55006') return 'in use';
      throw error;
    }
  });
}
