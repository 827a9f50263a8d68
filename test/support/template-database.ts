import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { prepareDatabase } from '../../services/platform/database';
import { serviceRole } from '../../services/platform/migrations/005-audit-log';

/**
 * Every integration test gets a database of its own, and migrating a new one runs every migration:
 * seconds per suite, a hundred times per `npm test`. Instead the first test migrates a template once
 * per set of migrations and each test's database is a copy of it (CREATE DATABASE … TEMPLATE copies
 * the files). The template is named by a hash of the migration sources, so a branch that adds or
 * edits a migration gets a template of its own; a run of tests against the same database never
 * mixes two. The test's runtime still runs `migrate.latest`, which finds nothing left to do.
 */
const migrationsDir = join(__dirname, '../../services/platform/migrations');

function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsDir).sort()) hash.update(file).update(readFileSync(join(migrationsDir, file)));
  return `live_risk_template_${hash.digest('hex').slice(0, 16)}`;
}

const maintenanceUrl = (databaseUrl: string) => Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();
const withDatabase = (databaseUrl: string, name: string) => Object.assign(new URL(databaseUrl), { pathname: `/${name}` }).toString();
const exists = async (client: Client, name: string) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;

/** Creates the database in `databaseUrl` as a copy of the migrated template, unless it exists already. */
export async function createFromTemplate(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const client = new Client({ connectionString: maintenanceUrl(databaseUrl) });
  await client.connect();
  try {
    if (await exists(client, name)) return;
    const template = templateName();
    if (!(await exists(client, template))) await buildTemplate(client, databaseUrl, template);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    // A copy does not inherit the template's database-level grants (PostgreSQL resets them).
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [serviceRole]);
    if (role.rowCount === 1) await client.query(`GRANT CONNECT, TEMPORARY, CREATE ON DATABASE "${name}" TO ${serviceRole}`);
  } finally {
    await client.end();
  }
}

/**
 * Migrated under a name of its own and renamed when done, so a test running alongside never copies
 * a half-migrated template; connections are then refused, since a template being copied must have
 * none. Whoever renames second drops theirs.
 */
async function buildTemplate(client: Client, databaseUrl: string, template: string): Promise<void> {
  const building = `${template}_${randomBytes(4).toString('hex')}`;
  await client.query(`CREATE DATABASE "${building}"`);
  try {
    await (await prepareDatabase(withDatabase(databaseUrl, building))).destroy();
    await untilUnused(() => client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`));
    await client.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } catch (error) {
    await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    if ((error as { code?: string }).code !== '42P04') throw error; // 42P04: another test built it first
  }
}

/** A closed connection's server process may take a moment to go; until then the database counts as in use (55006). */
async function untilUnused(work: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await work();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
