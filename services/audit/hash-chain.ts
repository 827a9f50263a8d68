import { createHash } from 'node:crypto';
import type { AuditContent, AuditEntry } from './audit-entry';

/**
 * The tamper evidence: each entry's hash is SHA-256 over the previous entry's hash and the entry's
 * canonical form, so changing, removing or moving any entry breaks every hash after it. The
 * database role the services use cannot update or delete entries at all; the chain is what catches
 * someone who can (a superuser, a restored backup, an edited dump).
 *
 * A chain alone cannot notice the newest entries being cut off the end. The database keeps the
 * newest seq and hash in a head record that only grows (checkRecordedHead); someone who can rewrite
 * that too is caught only by a head kept outside the database: `audit verify` prints it, and takes
 * it back as an anchor (checkAnchor).
 */
export const genesisHash = '0'.repeat(64);

export type ChainHead = Readonly<{ seq: number; hash: string }>;
export const emptyChain: ChainHead = { seq: 0, hash: genesisHash };

export const chainBreakReasons = ['edited', 'deleted', 'reordered', 'relinked', 'truncated', 'inserted'] as const;
export type ChainBreakReason = (typeof chainBreakReasons)[number];
/** The first place the chain is broken: which entry, why, and a sentence for a person. */
export type ChainBreak = Readonly<{ seq: number; reason: ChainBreakReason; message: string }>;

/**
 * Canonical JSON: object keys sorted, no whitespace, every field present. The same content gives
 * the same bytes whichever order PostgreSQL (jsonb) or a caller put the keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no form for a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
}

export function hashEntry(prevHash: string, content: AuditContent): string {
  const { seq, at, kind, actor, recipient, subjectMemberIds, familyId, itemId, digestId, agency, category, level,
    lawfulBasis, policyVersion, justification, detail } = content;
  // Only the content fields, named one by one: a stray property (prevHash, hash) must not change the hash.
  const canonical = canonicalJson({ seq, at, kind, actor, recipient, subjectMemberIds, familyId, itemId, digestId, agency,
    category, level, lawfulBasis, policyVersion, justification, detail });
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex');
}

/** Links new contents onto the chain after `head`, in order. Their seqs must follow head.seq. */
export function chainEntries(head: ChainHead, contents: readonly AuditContent[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous = head;
  for (const content of contents) {
    if (content.seq !== previous.seq + 1) throw new RangeError(`entry ${content.seq} cannot follow entry ${previous.seq}`);
    const hash = hashEntry(previous.hash, content);
    entries.push({ ...content, prevHash: previous.hash, hash });
    previous = { seq: content.seq, hash };
  }
  return entries;
}

/**
 * Checks the entry that should come right after `head`. Stateless, so a long log can be verified a
 * page at a time: feed each entry with the head the previous one left.
 */
export function checkNext(head: ChainHead, entry: AuditEntry): ChainBreak | undefined {
  const expected = head.seq + 1;
  if (entry.seq < expected) {
    return { seq: entry.seq, reason: 'reordered', message: `entry ${entry.seq} appears after entry ${head.seq}: the log is out of order` };
  }
  if (entry.seq > expected) {
    const missing = entry.seq - 1 === expected ? `entry ${expected} is missing` : `entries ${expected} to ${entry.seq - 1} are missing`;
    return { seq: expected, reason: 'deleted', message: `${missing} (deleted?): the log goes from entry ${head.seq} to entry ${entry.seq}` };
  }
  if (hashEntry(entry.prevHash, entry) !== entry.hash) {
    return { seq: entry.seq, reason: 'edited', message: `entry ${entry.seq} was edited: its hash does not match its contents` };
  }
  if (entry.prevHash !== head.hash) {
    const before = head.seq === 0 ? 'the start of the log' : `entry ${head.seq}`;
    return {
      seq: entry.seq,
      reason: 'relinked',
      message: `entry ${entry.seq} does not follow ${before}: the previous hash it records is not ${before}'s ` +
        '(an entry was replaced, or entries were deleted and the rest renumbered)',
    };
  }
  return undefined;
}

/**
 * `count`: entries verified. `agedOut`: where the log now starts, when entries were aged out under
 * the retention schedule (checkpoints.ts); `anchorAgedOut`: the anchor given was at an entry since
 * aged out, which no checkpoint sits on, so it could not be checked.
 */
type VerdictExtras = Readonly<{ agedOut?: ChainHead; anchorAgedOut?: true }>;
export type ChainVerdict =
  | (Readonly<{ intact: true; count: number; head: ChainHead }> & VerdictExtras)
  | (Readonly<{ intact: false; count: number; head: ChainHead; broken: ChainBreak }> & VerdictExtras);

/** Verifies entries in the order given, from the start of the log. */
export function verifyChain(entries: readonly AuditEntry[]): ChainVerdict {
  let head = emptyChain;
  for (const [index, entry] of entries.entries()) {
    let broken = checkNext(head, entry);
    // A gap whose missing entry turns up later is a move, not a deletion.
    if (broken?.reason === 'deleted' && entries.slice(index + 1).some((later) => later.seq === broken?.seq)) {
      broken = { seq: broken.seq, reason: 'reordered', message: `entry ${broken.seq} is out of order: it appears after entry ${entry.seq}` };
    }
    if (broken) return { intact: false, count: index, head, broken };
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { intact: true, count: entries.length, head };
}

/**
 * Compares the log with a head recorded earlier (an anchor). `anchored` is the entry now stored at
 * the anchor's seq, if any; `head` is where the verified log ends.
 */
export function checkAnchor(anchor: ChainHead, head: ChainHead, anchored: ChainHead | undefined): ChainBreak | undefined {
  if (!anchored || anchor.seq > head.seq) {
    const first = head.seq + 1;
    const missing = anchor.seq <= first ? `entry ${first} is missing` : `entries ${first} to ${anchor.seq} are missing`;
    return { seq: first, reason: 'truncated', message: `${missing} (deleted?): the log ends at entry ${head.seq} but entry ${anchor.seq} was recorded` };
  }
  if (anchored.hash !== anchor.hash) {
    return { seq: anchor.seq, reason: 'edited', message: `entry ${anchor.seq} is not the entry that was anchored: the log up to it was rewritten` };
  }
  return undefined;
}

/**
 * Compares the log with the head record the database keeps beside it (audit_log_head, moved forward
 * by a trigger on every insert, never back). `anchored` is the entry now stored at the record's seq.
 */
export function checkRecordedHead(recorded: ChainHead | undefined, head: ChainHead, anchored: ChainHead | undefined): ChainBreak | undefined {
  if (!recorded) {
    if (head.seq === 0) return undefined;
    return { seq: head.seq, reason: 'edited', message: `the record of the newest entry is missing (audit_log_head was emptied by hand); the log ends at entry ${head.seq}` };
  }
  if (recorded.seq < head.seq) {
    return { seq: recorded.seq + 1, reason: 'inserted', message: `entry ${recorded.seq + 1} was inserted by hand: the log's head record ends at entry ${recorded.seq}` };
  }
  return checkAnchor(recorded, head, anchored);
}
