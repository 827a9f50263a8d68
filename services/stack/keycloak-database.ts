import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../platform/config';
import { LiveRiskError } from '../platform/errors';
import type { ManagedComponent } from './components';
import { databaseName, dropDatabase, existingDatabases, withClient } from './postgres';
import type { Progress } from './types';

/**
 * Keycloak's database belongs to the state dir whose administrator secret created it: Keycloak makes
 * its bootstrap administrator client only on the first start against an empty database, so with any
 * other secret nobody can apply the realm or add an agency's client. A state dir (a new HOME, a CI
 * run, another checkout) that finds, on the shared PostgreSQL, a database whose administrator client
 * has another secret starts Keycloak afresh: the realm is data we apply on every `up`, and the
 * agency clients in the old one could not be administered by this stack anyway. Keycloak keeps client
 * secrets readable in its `client` table, which is how ownership is told. Never while anyone is
 * connected to the database, and never for a Keycloak that is running already.
 */
export async function adoptKeycloakDatabase(config: Config, keycloak: ManagedComponent, progress: Progress): Promise<void> {
  if (!keycloak.local || (await keycloak.probe())) return;
  const name = databaseName(config.keycloak.databaseUrl);
  if ((await existingDatabases(config.keycloak.databaseUrl, [name])).named.length === 0) return;
  const ours = existsSync(config.keycloak.adminSecretFile) ? readFileSync(config.keycloak.adminSecretFile, 'utf8').trim() : undefined;
  const stored = await storedAdminSecret(config);
  if (stored === undefined || stored === ours) return;
  const outcome = await dropDatabase(config.keycloak.databaseUrl, name);
  if (outcome === 'dropped') progress(`Keycloak's database ${name} was made by a stack whose administrator secret is not the one in ${config.stateDir}: starting it afresh`);
  if (outcome === 'in use') {
    throw new LiveRiskError('STACK_START_FAILED', `Keycloak's database ${name} belongs to another stack and is in use`, {
      hint: 'stop that stack (`live-risk stack down` with its LIVE_RISK_STATE_DIR), or set KEYCLOAK_DATABASE_URL to a database of your own',
    });
  }
}

/** The secret of the master realm's bootstrap administrator client, or undefined before Keycloak's first start. */
async function storedAdminSecret(config: Config): Promise<string | undefined> {
  return withClient(config.keycloak.databaseUrl, async (client) => {
    const tables = await client.query("select 1 from information_schema.tables where table_name = 'client' and table_schema = current_schema()");
    if (tables.rowCount === 0) return undefined;
    const { rows } = await client.query<{ secret: string | null }>(
      "select c.secret from client c join realm r on r.id = c.realm_id where r.name = 'master' and c.client_id = $1",
      [config.keycloak.adminClientId],
    );
    return rows[0]?.secret ?? undefined;
  });
}
