import type { Knex } from 'knex';
import { auditEntryAt, countAuditEntries, readAuditPage, recordedHead } from './audit-store';
import { checkAnchor, checkNext, checkRecordedHead, emptyChain, type ChainBreak, type ChainHead, type ChainVerdict } from './hash-chain';

/**
 * Verifies the whole log a page at a time (memory stays flat however long it grows): every link of
 * the chain, then the head record the database keeps, then an anchor kept outside, if given.
 */
export async function verifyAuditLog(
  db: Knex,
  options: { anchor?: ChainHead; pageSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ChainVerdict> {
  const pageSize = options.pageSize ?? 2000;
  const total = await countAuditEntries(db);
  let head = emptyChain;
  let count = 0;
  const broken = (found: ChainBreak): ChainVerdict => ({ intact: false, count, head, broken: found });
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
  const recorded = await recordedHead(db);
  const atRecorded = recorded && recorded.seq !== head.seq ? await auditEntryAt(db, recorded.seq) : undefined;
  const headBreak = checkRecordedHead(recorded, head, recorded?.seq === head.seq ? head : atRecorded);
  if (headBreak) return broken(headBreak);
  if (options.anchor) {
    const anchored = options.anchor.seq === head.seq ? head : await auditEntryAt(db, options.anchor.seq);
    const anchorBreak = checkAnchor(options.anchor, head, anchored);
    if (anchorBreak) return broken(anchorBreak);
  }
  return { intact: true, count, head };
}
