import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { ageOutAuditLog, appendAuditEntries, readCheckpoints, verifyAuditLog, type AuditEntry, type AuditEntryInput } from '../services/audit';
import type { Config } from '../services/platform/config';
import { prepareDatabase } from '../services/platform/database';
import { environmentFor, isolatedConfig } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');

const view = (n: number): AuditEntryInput => ({ kind: 'view', actor: 'P-T1', recipient: 'P-T1', subjectMemberIds: [`F-A-M${n}`], familyId: 'F-A', detail: { channel: 'portal', n } });
const at = (iso: string) => () => new Date(iso);

describe('the audit log ages out per the schedule and still verifies', () => {
  let config: Config;
  /** The services' pool: the restricted role, which may read and append but not delete. */
  let db: Knex;
  /** The database owner (a superuser here), connected without the service role. */
  let owner: Client;
  const entries: AuditEntry[] = [];
  const append = async (inputs: AuditEntryInput[], now: () => Date) => entries.push(...(await db.transaction((trx) => appendAuditEntries(trx, inputs, now))));
  const ageOut = (cutOff: string, dryRun = false) => db.transaction((trx) => ageOutAuditLog(trx, new Date(cutOff), { dryRun }));
  const verify = () =>
    promisify(execFile)(process.execPath, [cli, 'audit', 'verify'], { env: environmentFor(config) }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  beforeAll(async () => {
    config = isolatedConfig();
    db = await prepareDatabase(config.databaseUrl);
    owner = new Client({ connectionString: config.databaseUrl });
    await owner.connect();
    // Five entries from 2018 (past a seven-year period in December 2026), three from 2025.
    for (let n = 1; n <= 5; n += 1) await append([view(n)], at(`2018-0${n}-01T09:00:00Z`));
    await append([view(6), view(7), view(8)], at('2025-06-01T09:00:00Z'));
  });
  afterAll(async () => {
    await db.destroy();
    await owner.end();
    const maintenance = new Client({ connectionString: config.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
    await maintenance.connect();
    await maintenance.query(`DROP DATABASE IF EXISTS "${new URL(config.databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
    await maintenance.end();
  });

  it('a dry run verifies and counts what would leave, and removes nothing', async () => {
    expect(await ageOut('2019-12-05T00:00:00Z', true)).toEqual({ kind: 'aged-out', removed: 5, through: { seq: 5, hash: entries[4].hash } });
    expect(await db('audit_log').count({ n: '*' })).toEqual([{ n: '8' }]);
    expect(await readCheckpoints(db)).toEqual([]);
  });

  it('removes the entries past the period and leaves a checkpoint of the last one, from which the chain verifies', async () => {
    expect(await ageOut('2019-12-05T00:00:00Z')).toEqual({ kind: 'aged-out', removed: 5, through: { seq: 5, hash: entries[4].hash } });
    expect(await db('audit_log').orderBy('seq').pluck('seq')).toEqual(['6', '7', '8']);
    expect(await readCheckpoints(db)).toEqual([expect.objectContaining({ seq: 5, hash: entries[4].hash, removed: 5, removedBefore: '2019-12-05T00:00:00.000Z' })]);
    expect(await verifyAuditLog(db)).toEqual({ intact: true, count: 3, head: { seq: 8, hash: entries[7].hash }, agedOut: { seq: 5, hash: entries[4].hash } });
    // Nothing more is past its period: a second run removes nothing.
    expect(await ageOut('2019-12-05T00:00:00Z')).toEqual({ kind: 'aged-out', removed: 0, through: undefined });
  });

  it('new entries chain on as before, and `audit verify` says which entries were aged out', async () => {
    await append([view(9)], at('2026-12-05T09:00:00Z'));
    const result = await verify();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`entries 1 to 5 were aged out under the retention schedule; the chain continues from their checkpoint (last hash ${entries[4].hash})`);
    expect(result.stdout).toMatch(/^4 entries, chain intact, last hash [0-9a-f]{64}$/m);
  });

  it('an anchor at a checkpoint is still checked; one at an entry aged out in between is said to be unverifiable, not a cut', async () => {
    expect(await verifyAuditLog(db, { anchor: { seq: 5, hash: entries[4].hash } })).toMatchObject({ intact: true });
    expect(await verifyAuditLog(db, { anchor: { seq: 5, hash: entries[3].hash } })).toMatchObject({ intact: false, broken: { seq: 5, reason: 'edited' } });
    expect(await verifyAuditLog(db, { anchor: { seq: 3, hash: entries[2].hash } })).toMatchObject({ intact: true, anchorAgedOut: true });
    expect(await verifyAuditLog(db, { anchor: { seq: 8, hash: entries[7].hash } })).toMatchObject({ intact: true, count: 4 });
  });

  it('nobody removes entries any other way: the service role may not delete, nor write checkpoints; the owner is stopped by the trigger', async () => {
    await expect(db('audit_log').where('seq', 6).delete()).rejects.toThrow(/permission denied/);
    await expect(db('audit_log_checkpoints').insert({ seq: 8, hash: entries[7].hash, removed: 3, removed_before: new Date(), at: new Date() })).rejects.toThrow(/permission denied/);
    await expect(owner.query('DELETE FROM audit_log WHERE seq = 6')).rejects.toThrow(/append-only/);
    await expect(owner.query('DELETE FROM audit_log_checkpoints')).rejects.toThrow(/append-only/);
    // Called directly with anything but the verified last entry of a stretch past its period, the function refuses.
    await expect(db.raw('select audit_log_age_out(?, ?, ?)', [7, entries[5].hash, new Date('2030-01-01T00:00:00Z')])).rejects.toThrow(/not the entry that was verified/);
    await expect(db.raw('select audit_log_age_out(?, ?, ?)', [6, entries[5].hash, new Date('2025-01-01T00:00:00Z')])).rejects.toThrow(/within its period/);
    expect(await db('audit_log').count({ n: '*' })).toEqual([{ n: '4' }]);
    expect(await verifyAuditLog(db)).toMatchObject({ intact: true, count: 4 });
  });

  it('a stretch that does not verify is never aged out of sight: it stays, and the outcome says where it breaks', async () => {
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete');
    await owner.query(`UPDATE audit_log SET recipient = 'P-SOMEONE-ELSE' WHERE seq = 7`);
    await owner.query('ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update_or_delete');
    expect(await ageOut('2026-01-01T00:00:00Z')).toMatchObject({ kind: 'refused', pastPeriod: 3, broken: { seq: 7, reason: 'edited' } });
    expect(await db('audit_log').count({ n: '*' })).toEqual([{ n: '4' }]);
    expect(await readCheckpoints(db)).toHaveLength(1);
    expect((await verify()).code).toBe(1);
  });
});
