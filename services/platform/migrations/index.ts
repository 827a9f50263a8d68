import type { Knex } from 'knex';
import * as initial from './001-initial';
import * as digestDelivery from './002-digest-delivery';
import * as linkageAndReviews from './003-linkage-and-reviews';
import * as historyAndRematching from './004-history-and-rematching';
import * as auditLog from './005-audit-log';
import * as portal from './006-portal';
import * as versions from './007-versions';
import * as offsetBinding from './008-offset-binding';
import * as ingest from './009-ingest';
import * as eventContentHash from './010-event-content-hash';
import * as portalRoles from './011-portal-roles';
import * as portalOidc from './012-portal-oidc';
import * as criteria from './013-criteria';
import * as teams from './015-teams';
import * as portalDevices from './016-portal-devices';
import * as retention from './017-retention';
import * as erasure from './018-erasure';
import * as retentionRest from './019-retention-rest';
import * as encompass from './020-encompass';
import * as schoolStaff from './021-school-staff';
import * as urgentAlerts from './022-urgent-alerts';
import * as sharingDecisions from './023-sharing-decisions';

/**
 * Migrations are listed here explicitly rather than discovered on disk, so they work the same under
 * tsx, jest and a bundler. Append new ones; never edit one that has shipped.
 */
type Migration = { up(db: Knex): Promise<void>; down(db: Knex): Promise<void> };
const migrations: ReadonlyArray<[string, Migration]> = [
  ['001-initial', initial],
  ['002-digest-delivery', digestDelivery],
  ['003-linkage-and-reviews', linkageAndReviews],
  ['004-history-and-rematching', historyAndRematching],
  ['005-audit-log', auditLog],
  ['006-portal', portal],
  ['007-versions', versions],
  ['008-offset-binding', offsetBinding],
  ['009-ingest', ingest],
  ['010-event-content-hash', eventContentHash],
  ['011-portal-roles', portalRoles],
  ['012-portal-oidc', portalOidc],
  ['013-criteria', criteria],
  ['015-teams', teams],
  ['016-portal-devices', portalDevices],
  ['017-retention', retention],
  ['018-erasure', erasure],
  ['019-retention-rest', retentionRest],
  ['020-encompass', encompass],
  ['021-school-staff', schoolStaff],
  ['022-urgent-alerts', urgentAlerts],
  ['023-sharing-decisions', sharingDecisions],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrations.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = migrations.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
