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

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
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
