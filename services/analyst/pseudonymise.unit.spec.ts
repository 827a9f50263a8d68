import { mkdtemp, readFile, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pseudonymiseRow } from './personal-data';
import { createPseudonymiser } from './pseudonymise';
import { loadPseudonymKey } from './pseudonym-key';

const key = Buffer.alloc(32, 7);
const member = {
  member_id: 'F-TEST-1-M1', family_id: 'F-TEST-1', given_name: 'Rhiannon', family_name: 'Quillfeather', date_of_birth: '1991-02-03',
  nhs_number: '9434765919', pnc_id: '12/345678A', name_key: 'quillfeather rhiannon', removed: false, change_seq: '42',
};

describe('pseudonyms', () => {
  it('are stable: the same value gives the same pseudonym in every run', () => {
    expect(createPseudonymiser(key).pseudonym('person', 'Rhiannon')).toBe(createPseudonymiser(Buffer.from(key)).pseudonym('person', 'Rhiannon'));
    expect(createPseudonymiser(key).pseudonym('person', 'Rhiannon')).toMatch(/^person-[0-9a-f]{12}$/);
  });

  it('depend on the key: another key gives another pseudonym', () => {
    expect(createPseudonymiser(key).pseudonym('nhs', '9434765919')).not.toBe(createPseudonymiser(Buffer.alloc(32, 8)).pseudonym('nhs', '9434765919'));
  });

  it('depend on the kind, so a name and a postcode that happen to be equal do not join', () => {
    const p = createPseudonymiser(key);
    expect(p.pseudonym('person', 'BA2')).not.toBe(p.pseudonym('postcode', 'BA2').replace('postcode', 'person'));
  });

  it('leave no raw name, date of birth or identifier in a pseudonymised row, and keep what is not personal', () => {
    const row = pseudonymiseRow(createPseudonymiser(key), member);
    const text = JSON.stringify(row);
    for (const raw of ['F-TEST-1', 'Rhiannon', 'Quillfeather', 'quillfeather', '1991-02-03', '9434765919', '12/345678A']) expect(text).not.toContain(raw);
    expect(row).toEqual(expect.objectContaining({ removed: false, change_seq: '42' }));
    expect(row.date_of_birth).toMatch(/^dob-/);
  });

  it('walk a JSON payload by field name, and hide free text and fields nobody has classified', () => {
    const payload = {
      type: 'match.linked', matchId: 'm-1', familyId: 'F-TEST-1', explanation: 'victim Rhiannon: name and date of birth agree',
      event: { agency: 'police', category: 'DOMESTIC_ABUSE', occurredAt: '2026-03-28T21:00:00Z', address: { line1: '7 Lark Rise', postcode: 'BA2 4XY', town: 'Wessexbury' } },
      members: [{ memberId: 'F-TEST-1-M1', score: 0.97, reasons: ['name agrees: Rhiannon'] }],
      somethingNew: 'Rhiannon',
    };
    const row = pseudonymiseRow(createPseudonymiser(key), { payload });
    const text = JSON.stringify(row);
    for (const raw of ['Rhiannon', 'F-TEST-1', '7 Lark Rise', 'BA2 4XY']) expect(text).not.toContain(raw);
    expect(row.payload).toEqual(expect.objectContaining({ type: 'match.linked', matchId: 'm-1' }));
    expect(text).toContain('DOMESTIC_ABUSE');
    expect(text).toContain('Wessexbury');
    expect(text).toContain('0.97');
  });
});

describe('the pseudonym key file', () => {
  it('is created on first use, readable by its owner only, and read back the same', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'live-risk-key-')), 'nested', 'pseudonym.key');
    const first = await loadPseudonymKey(file);
    expect(first).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await loadPseudonymKey(file)).toEqual(first);
    expect(await readFile(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('is refused when others can read it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'live-risk-key-')), 'pseudonym.key');
    await loadPseudonymKey(file);
    await chmod(file, 0o644);
    await expect(loadPseudonymKey(file)).rejects.toThrow(/can be read by others/);
  });
});
