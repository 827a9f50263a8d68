import { toContent, type AuditEntry, type AuditEntryInput } from './audit-entry';
import { canonicalJson, chainEntries, checkAnchor, emptyChain, genesisHash, verifyChain } from './hash-chain';

const disclosure = (n: number): AuditEntryInput => ({
  kind: 'disclosure', actor: 'system', recipient: 'P-T1', subjectMemberIds: [`M${n}`], familyId: 'F1', itemId: `match-${n}`,
  digestId: 'digest-1', agency: 'police', category: 'DOMESTIC_ABUSE', level: 'summary', lawfulBasis: 'consent', policyVersion: 'policy-v1',
  detail: { rank: n },
});
const log = (count: number): AuditEntry[] =>
  chainEntries(emptyChain, Array.from({ length: count }, (_, i) => toContent(disclosure(i + 1), i + 1, new Date(Date.UTC(2026, 2, 29, 7, 0, i)))));

describe('the hash chain of the audit log', () => {
  it('starts from the genesis hash and links each entry to the one before', () => {
    const entries = log(3);
    expect(entries[0].prevHash).toBe(genesisHash);
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(verifyChain(entries)).toEqual({ intact: true, count: 3, head: { seq: 3, hash: entries[2].hash } });
  });

  it('an empty log is intact', () => {
    expect(verifyChain([])).toEqual({ intact: true, count: 0, head: emptyChain });
  });

  it('an edited entry is named as edited', () => {
    const entries = log(5);
    entries[2] = { ...entries[2], recipient: 'P-SOMEONE-ELSE' };
    const verdict = verifyChain(entries);
    expect(verdict).toMatchObject({ intact: false, count: 2, broken: { seq: 3, reason: 'edited' } });
    expect(!verdict.intact && verdict.broken.message).toBe('entry 3 was edited: its hash does not match its contents');
  });

  it('an edit to the free-form detail is caught too', () => {
    const entries = log(2);
    entries[1] = { ...entries[1], detail: { rank: 99 } };
    expect(verifyChain(entries)).toMatchObject({ intact: false, broken: { seq: 2, reason: 'edited' } });
  });

  it('a deleted entry is named as missing', () => {
    const entries = log(5);
    entries.splice(3, 1);
    const verdict = verifyChain(entries);
    expect(verdict).toMatchObject({ intact: false, broken: { seq: 4, reason: 'deleted' } });
    expect(!verdict.intact && verdict.broken.message).toMatch(/^entry 4 is missing \(deleted\?\)/);
  });

  it('a deleted first entry is named too', () => {
    expect(verifyChain(log(3).slice(1))).toMatchObject({ intact: false, broken: { seq: 1, reason: 'deleted' } });
  });

  it('several deleted entries are named as a range', () => {
    const entries = log(6);
    entries.splice(1, 3);
    expect(verifyChain(entries)).toMatchObject({ broken: { seq: 2, reason: 'deleted', message: expect.stringMatching(/^entries 2 to 4 are missing/) } });
  });

  it('a deletion hidden by renumbering the later entries shows as an edit', () => {
    const entries = log(4);
    const renumbered = [entries[0], { ...entries[2], seq: 2 }, { ...entries[3], seq: 3 }];
    expect(verifyChain(renumbered)).toMatchObject({ broken: { seq: 2, reason: 'edited' } });
  });

  it('a replaced entry with a recomputed hash breaks the link from the entry after it', () => {
    const entries = log(3);
    const [forged] = chainEntries({ seq: 1, hash: entries[0].hash }, [toContent({ ...disclosure(2), recipient: 'P-OTHER' }, 2, new Date(entries[1].at))]);
    const verdict = verifyChain([entries[0], forged, entries[2]]);
    expect(verdict).toMatchObject({ broken: { seq: 3, reason: 'relinked' } });
    expect(!verdict.intact && verdict.broken.message).toMatch(/^entry 3 does not follow entry 2/);
  });

  it('entries out of order are named as reordered', () => {
    const entries = log(4);
    expect(verifyChain([entries[0], entries[2], entries[1], entries[3]])).toMatchObject({ broken: { seq: 2, reason: 'reordered' } });
    expect(verifyChain([entries[0], entries[1], entries[0]])).toMatchObject({ broken: { seq: 1, reason: 'reordered' } });
  });

  it('entries cut off the end are only caught against an anchor kept elsewhere', () => {
    const entries = log(5);
    const anchor = { seq: 5, hash: entries[4].hash };
    const cut = verifyChain(entries.slice(0, 3));
    expect(cut.intact).toBe(true);
    expect(checkAnchor(anchor, cut.head, undefined)).toMatchObject({ reason: 'truncated', seq: 4 });
    expect(checkAnchor(anchor, verifyChain(entries).head, entries[4])).toBeUndefined();
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order, so a jsonb round trip hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [true, null] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });

  it('refuses values that have no JSON form instead of hashing something ambiguous', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe('audit entries', () => {
  it('a disclosure must say to whom, how much, on what basis and under which policy', () => {
    expect(() => toContent({ kind: 'disclosure', actor: 'system', subjectMemberIds: ['M1'] }, 1, new Date())).toThrow(
      /recipient: a disclosure must record its recipient; level: .*lawfulBasis: .*policyVersion/,
    );
  });

  it('records subjects sorted and once, so the order a caller lists them in does not matter', () => {
    expect(toContent({ kind: 'view', actor: 'P-T1', subjectMemberIds: ['M2', 'M1', 'M2'] }, 1, new Date()).subjectMemberIds).toEqual(['M1', 'M2']);
  });

  it('has no field for names or dates of birth', () => {
    expect(() => toContent({ kind: 'view', actor: 'P-T1', givenName: 'Rhiannon' } as AuditEntryInput, 1, new Date())).toThrow(/Unrecognized key/i);
  });
});
