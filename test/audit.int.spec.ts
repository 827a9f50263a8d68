import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { Client } from 'pg';
import { appendAuditEntries, verifyAuditLog, type AuditEntryInput } from '../services/audit';
import type { Config } from '../services/platform/config';
import { prepareDatabase } from '../services/platform/database';
import { environmentFor, isolatedConfig } from './support/test-stack';

const cli = join(__dirname, '..', 'bin', 'live-risk.cjs');
type Result = { code: number; stdout: string; stderr: string };

// Two synthetic members of one family, and one of another family who must never appear in the first's answer.
const members = [
  { member_id: 'F-A-M1', family_id: 'F-A', given_name: 'Rhiannon', family_name: 'Quillfeather', nhs_number: '9434765919', pnc_id: null, name_key: 'quillfeather rhiannon' },
  { member_id: 'F-A-M2', family_id: 'F-A', given_name: 'Tomos', family_name: 'Quillfeather', nhs_number: null, pnc_id: '12/345678A', name_key: 'quillfeather tomos' },
  { member_id: 'F-B-M1', family_id: 'F-B', given_name: 'Ada', family_name: 'Brightwater', nhs_number: '4010232137', pnc_id: null, name_key: 'brightwater ada' },
];
const disclosure = (memberId: string, familyId: string, itemId: string): AuditEntryInput => ({
  kind: 'disclosure', actor: 'system', recipient: 'P-T1', subjectMemberIds: [memberId], familyId, itemId, digestId: 'digest-2026-03-29-P-T1',
  agency: 'police', category: 'DOMESTIC_ABUSE', level: 'summary', lawfulBasis: 'consent', policyVersion: 'sharing-policy-v1', detail: { rank: 1 },
});

describe('the record of disclosures', () => {
  let config: Config;
  let db: Knex;
  /** The database owner (a superuser here), connected without the service role: who can bypass it. */
  let owner: Client;
  const run = (...args: string[]): Promise<Result> =>
    promisify(execFile)(process.execPath, [cli, ...args], { env: environmentFor(config) }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const append = (entries: AuditEntryInput[]) => db.transaction((trx) => appendAuditEntries(trx, entries));
  const asOwner = async (...statements: string[]) => {
    for (const statement of statements) await owner.query(statement);
  };
  const tamper = (statement: string) =>
    asOwner('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete', statement, 'ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_update_or_delete');

  beforeAll(async () => {
    // Only PostgreSQL is needed: the audit log and its commands do not touch Kafka.
    config = isolatedConfig();
    db = await prepareDatabase(config.databaseUrl);
    owner = new Client({ connectionString: config.databaseUrl });
    await owner.connect();
    await db('members').insert(members);
  });
  afterAll(async () => {
    await db.destroy();
    await owner.end();
    const maintenance = new Client({ connectionString: config.databaseUrl.replace(/\/[^/]+$/, '/postgres') });
    await maintenance.connect();
    await maintenance.query(`DROP DATABASE IF EXISTS "${new URL(config.databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
    await maintenance.end();
  });

  it('appends in the caller\'s transaction: a rolled-back disclosure leaves no entry and no gap', async () => {
    await append([disclosure('F-A-M1', 'F-A', 'match-1'), disclosure('F-B-M1', 'F-B', 'match-2')]);
    await expect(db.transaction(async (trx) => {
      await appendAuditEntries(trx, [disclosure('F-A-M1', 'F-A', 'match-never-sent')]);
      throw new Error('the digest failed after recording');
    })).rejects.toThrow('the digest failed');
    await append([
      { ...disclosure('F-A-M2', 'F-A', 'match-3'), lawfulBasis: 'safeguarding', justification: 'risk of serious harm to a child' },
      { kind: 'view', actor: 'P-T1', subjectMemberIds: [], familyId: 'F-A', digestId: 'digest-2026-03-29-P-T1' },
    ]);
    expect(await db('audit_log').orderBy('seq').pluck('item_id')).toEqual(['match-1', 'match-2', 'match-3', null]);
    expect(await verifyAuditLog(db)).toMatchObject({ intact: true, count: 4, head: { seq: 4 } });
  });

  it('keeps one linear chain when many transactions append at once', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => append([disclosure('F-B-M1', 'F-B', `match-b-${i}-1`), disclosure('F-B-M1', 'F-B', `match-b-${i}-2`)])));
    expect(await db('audit_log').orderBy('seq').pluck('seq')).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^16 entries, chain intact, last hash [0-9a-f]{64}$/m);
  });

  it('answers a subject access request for a member found by NHS number, and records that it was asked', async () => {
    const text = await run('audit', 'subject', '943 476 5919', '--by', 'ig.officer');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^2 entries about member F-A-M1 \(family F-A\), 1 of them disclosures:/);
    expect(text.stdout).toMatch(/disclosure\s+system\s+P-T1\s+match-1, digest digest-2026-03-29-P-T1\s+police \/ DOMESTIC_ABUSE\s+summary\s+consent\s+sharing-policy-v1/);
    expect(text.stdout).toMatch(/view\s+P-T1\s+-\s+digest digest-2026-03-29-P-T1/);
    expect(text.stdout).not.toMatch(/match-2|match-3|match-b/);

    const json = JSON.parse((await run('audit', 'subject', '12/345678a', '--format', 'json')).stdout);
    expect(json.memberIds).toEqual(['F-A-M2']);
    expect(json.entries.map((e: { itemId: string | null }) => e.itemId)).toEqual(['match-3', null]);
    expect(json.entries[0]).toMatchObject({ lawfulBasis: 'safeguarding', justification: 'risk of serious harm to a child' });

    const asked = await db('audit_log').where('kind', 'subject-access').orderBy('seq').select('actor', 'subject_member_ids', 'detail');
    expect(asked[0]).toEqual({ actor: 'operator:ig.officer', subject_member_ids: ['F-A-M1'], detail: { searchedBy: 'nhs-number', entriesFound: 2, sharingDecisionsFound: 0 } });
    expect(JSON.stringify(asked)).not.toMatch(/9434765919|Rhiannon|Quillfeather/);

    expect((await run('audit', 'subject', '4857773456')).code).toBe(1);
  });

  it('the role the services use cannot change, delete or empty the log, but keeps full rights elsewhere', async () => {
    expect((await db.raw('select current_user')).rows[0].current_user).toBe('live_risk_service');
    await expect(db('audit_log').where({ seq: 1 }).update({ recipient: 'P-OTHER' })).rejects.toThrow(/permission denied for table audit_log/);
    await expect(db('audit_log').where({ seq: 1 }).delete()).rejects.toThrow(/permission denied for table audit_log/);
    await expect(db.raw('truncate audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(db('audit_log_head').update({ seq: 1 })).rejects.toThrow(/permission denied for table audit_log_head/);
    await expect(db.raw('alter table audit_log disable trigger all')).rejects.toThrow(/must be owner/);
    await db('members').where({ member_id: 'F-B-M1' }).update({ removed: true });
    await db('consumer_offsets').insert({ consumer: 'c', topic: 't', partition: 0, next_offset: 1 });
    await db('consumer_offsets').delete();
  });

  it('even the owner is stopped by the triggers, unless they switch them off by hand', async () => {
    await expect(asOwner('UPDATE audit_log SET recipient = \'P-OTHER\' WHERE seq = 1')).rejects.toThrow(/audit_log is append-only: UPDATE is not allowed/);
    await expect(asOwner('SET session_replication_role = replica', 'DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only: DELETE/);
    await asOwner('SET session_replication_role = origin');
    await expect(asOwner('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE/);
  });

  it('an entry edited by hand makes `audit verify` fail and name it', async () => {
    await tamper(`UPDATE audit_log SET recipient = 'P-SOMEONE-ELSE' WHERE seq = 3`);
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/entry 3 was edited: its hash does not match its contents/);
    await tamper(`UPDATE audit_log SET recipient = 'P-T1' WHERE seq = 3`);
    expect(await verifyAuditLog(db)).toMatchObject({ intact: true });
  });

  it('a deleted entry makes `audit verify` fail and name it, even the newest one', async () => {
    const { intact, head } = await verifyAuditLog(db);
    expect(intact).toBe(true);
    await tamper(`DELETE FROM audit_log WHERE seq = ${head.seq}`);
    expect((await run('audit', 'verify')).stdout).toMatch(new RegExp(`entry ${head.seq} is missing \\(deleted\\?\\)`));
    // The next append carries on from the recorded head, so the gap stays visible.
    await append([disclosure('F-A-M1', 'F-A', 'match-after')]);
    expect(await verifyAuditLog(db)).toMatchObject({ intact: false, broken: { seq: head.seq, reason: 'deleted' } });

    await tamper('DELETE FROM audit_log WHERE seq = 2');
    const verify = await run('audit', 'verify', '--format', 'json');
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({ intact: false, count: 1, broken: { seq: 2, reason: 'deleted', message: expect.stringMatching(/^entry 2 is missing/) } });
  });
});
