import type { Knex } from 'knex';
import { appendAuditEntries } from '../audit';

/**
 * Raw (not pseudonymised) analyst output is shown only after the access is on record in the live
 * audit log, kind `raw-access`, as `replay --raw` does.
 */
export async function recordRawAccess(db: Knex, by: string, detail: Record<string, string | number | boolean | null>): Promise<void> {
  const analyst = `analyst:${by}`;
  await db.transaction((trx) => appendAuditEntries(trx, [{ kind: 'raw-access', actor: analyst, recipient: analyst, detail }]));
}
