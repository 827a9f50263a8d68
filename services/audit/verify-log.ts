import type { Knex } from 'knex';
import { readCheckpoints } from './ageing';
import { auditEntryAt, countAuditEntries, readAuditPage, recordedHead } from './audit-store';
import { chainStart, checkCheckpoints } from './checkpoints';
import { checkAnchor, checkNext, checkRecordedHead, type ChainBreak, type ChainHead, type ChainVerdict } from './hash-chain';

/**
 * Verifies the whole log a page at a time (memory stays flat however long it grows): the
 * checkpoints left by ageing (they must account for every entry removed), every link of the chain
 * from the newest of them, then the head record the database keeps, then an anchor kept outside, if
 * given. An anchor at an entry since aged out can be checked only where a checkpoint sits exactly on
 * it; otherwise the verdict says the anchor was aged out rather than calling the log cut short.
 */
export async function verifyAuditLog(
  db: Knex,
  options: { anchor?: ChainHead; pageSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? 2000;
  const total = await countAuditEntries(db);
  const checkpoints = await readCheckpoints(db);
  const start = chainStart(checkpoints);
  const agedOut = start.seq > 0 ? { agedOut: start } : {};
  let head = start;
  let count = 0;
  const broken = (found: ChainBreak): ChainVerdict => ({ intact: false, count, head, broken: found, ...agedOut });
  const checkpointBreak = checkCheckpoints(checkpoints);
  if (checkpointBreak) return broken(checkpointBreak);
  for (;;) {
    const page = await readAuditPage(db, head.seq, pageSize);
    for (const entry of page) {
      const found = checkNext(head, entry);
      if (found) return broken(found);
      head = { seq: entry.seq, hash: entry.hash };
      count += 1;
    }
    if (total > 0) options.onProgress?.(count, Math.max(total, count));
    if (page.length < pageSize) break;
  }
  const at = async (seq: number): Promise<ChainHead | undefined> => (seq === head.seq ? head : await auditEntryAt(db, seq));
  const recorded = await recordedHead(db);
  const headBreak = checkRecordedHead(recorded, head, recorded ? await at(recorded.seq) : undefined);
  if (headBreak) return broken(headBreak);
  if (options.anchor) {
    if (options.anchor.seq <= start.seq) {
      const checkpoint = checkpoints.find((candidate) => candidate.seq === options.anchor?.seq);
      if (!checkpoint) return { intact: true, count, head, ...agedOut, anchorAgedOut: true };
      const anchorBreak = checkAnchor(options.anchor, head, checkpoint);
      if (anchorBreak) return broken(anchorBreak);
    } else {
      const anchorBreak = checkAnchor(options.anchor, head, await at(options.anchor.seq));
      if (anchorBreak) return broken(anchorBreak);
    }
  }
  return { intact: true, count, head, ...agedOut };
}
