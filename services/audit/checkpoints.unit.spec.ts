import { toContent, type AuditEntryInput } from './audit-entry';
import { chainStart, checkCheckpoints, lastToAgeOut, type Checkpoint } from './checkpoints';
import { chainEntries, checkNext, emptyChain, type ChainHead } from './hash-chain';

const view = (n: number): AuditEntryInput => ({ kind: 'view', actor: 'P-T1', subjectMemberIds: [`M${n}`], detail: { n } });
const log = (count: number) =>
  chainEntries(emptyChain, Array.from({ length: count }, (_, i) => toContent(view(i + 1), i + 1, new Date(Date.UTC(2019, 0, 1 + i)))));
const checkpoint = (seq: number, hash: string, removed: number): Checkpoint => ({ seq, hash, removed, removedBefore: '2019-01-05T00:00:00.000Z', at: '2026-12-05T00:00:00.000Z' });

describe('ageing the audit log out behind a checkpoint', () => {
  it('the entries kept verify from the checkpoint exactly as the whole log verifies from the genesis hash', () => {
    const entries = log(6);
    const start = chainStart([checkpoint(4, entries[3].hash, 4)]);
    let head: ChainHead = start;
    for (const entry of entries.slice(4)) {
      expect(checkNext(head, entry)).toBeUndefined();
      head = { seq: entry.seq, hash: entry.hash };
    }
    expect(head).toEqual({ seq: 6, hash: entries[5].hash });
  });

  it('a checkpoint with another hash than the last entry removed breaks the link to the first entry kept', () => {
    const entries = log(6);
    const forged = chainStart([checkpoint(4, entries[2].hash, 4)]);
    expect(checkNext(forged, entries[4])).toMatchObject({ seq: 5, reason: 'relinked' });
  });

  it('more entries removed than a checkpoint accounts for are missing entries', () => {
    const entries = log(6);
    expect(checkNext(chainStart([checkpoint(3, entries[2].hash, 3)]), entries[4])).toMatchObject({ seq: 4, reason: 'deleted' });
  });

  it('starts at the newest checkpoint, or at the genesis hash when nothing was aged out', () => {
    expect(chainStart([])).toEqual(emptyChain);
    expect(chainStart([checkpoint(2, 'a'.repeat(64), 2), checkpoint(5, 'b'.repeat(64), 3)])).toEqual({ seq: 5, hash: 'b'.repeat(64) });
  });

  it('checkpoints must account for every entry before the newest: counts that do not add up were changed by hand', () => {
    expect(checkCheckpoints([checkpoint(2, 'a'.repeat(64), 2), checkpoint(5, 'b'.repeat(64), 3)])).toBeUndefined();
    expect(checkCheckpoints([checkpoint(2, 'a'.repeat(64), 2), checkpoint(5, 'b'.repeat(64), 2)])).toMatchObject({ seq: 3, reason: 'edited' });
    expect(checkCheckpoints([checkpoint(2, 'a'.repeat(64), 1)])?.message).toMatch(/says it removed 1 entries, but entries 1 to 2 are 2/);
  });

  it('what may leave ends before the first entry still within its period, and never repeats an earlier ageing', () => {
    const head = { seq: 10, hash: 'c'.repeat(64) };
    expect(lastToAgeOut(emptyChain, head, 4)).toBe(3);
    expect(lastToAgeOut(emptyChain, head, undefined)).toBe(10);
    expect(lastToAgeOut({ seq: 3, hash: 'a'.repeat(64) }, head, 4)).toBeUndefined();
    expect(lastToAgeOut(emptyChain, head, 1)).toBeUndefined();
  });
});
