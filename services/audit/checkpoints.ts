import { emptyChain, type ChainBreak, type ChainHead } from './hash-chain';

/**
 * Ageing out without losing the evidence (migration 019). Entries past the schedule's period leave
 * the log from its oldest end, and a checkpoint stays in their place: the seq and hash of the last
 * entry removed, and how many that ageing removed. The first entry kept names that hash as its
 * prev_hash, so verification starts at the newest checkpoint exactly as it would at the genesis
 * hash, and the checkpoints together must account for every seq before it.
 *
 * What this proves: the entries kept are the ones that followed the removed ones, unchanged. What it
 * cannot prove once they are gone is what the removed entries said; that is the point of ageing.
 */
export type Checkpoint = Readonly<{ seq: number; hash: string; removed: number; removedBefore: string; at: string }>;

/** Where verification of what is left starts: the newest checkpoint, or the genesis hash. */
export const chainStart = (checkpoints: readonly Checkpoint[]): ChainHead => {
  const newest = checkpoints[checkpoints.length - 1];
  return newest ? { seq: newest.seq, hash: newest.hash } : emptyChain;
};

/** The checkpoints, oldest first, must each account for the entries since the one before. */
export function checkCheckpoints(checkpoints: readonly Checkpoint[]): ChainBreak | undefined {
  let previous = 0;
  for (const checkpoint of checkpoints) {
    if (checkpoint.seq <= previous || checkpoint.removed !== checkpoint.seq - previous) {
      return {
        seq: previous + 1,
        reason: 'edited',
        message: `the checkpoint at entry ${checkpoint.seq} says it removed ${checkpoint.removed} entries, but entries ${previous + 1} to ${checkpoint.seq} are ${checkpoint.seq - previous}: the record of aged-out entries was changed by hand`,
      };
    }
    previous = checkpoint.seq;
  }
  return undefined;
}

/**
 * The seq of the last entry that may leave: every entry up to it was recorded before the cut-off
 * (`firstKept` is the lowest seq recorded at or after it, undefined when there is none). Undefined
 * when nothing is past its period beyond what an earlier ageing removed.
 */
export function lastToAgeOut(start: ChainHead, head: ChainHead, firstKept: number | undefined): number | undefined {
  const last = firstKept === undefined ? head.seq : firstKept - 1;
  return last > start.seq ? last : undefined;
}
