import { riskLevels, type DigestIssued, type RiskLevel } from '../contracts';

/**
 * The numbers both the digest page and the notification email state. `counts` comes from the
 * digest itself (history excluded, late included); late and history are counted from the items,
 * because a practitioner should be told how many of the new ones arrived late.
 */
export type DigestTotals = Readonly<{
  byLevel: Readonly<Record<RiskLevel, number>>;
  /** Items that are new live risks: the sum of `counts`, so history is not in it. */
  live: number;
  /** How many of the live ones were reported before the last digest but reached us after it. */
  late: number;
  /** Older events newly linked to a family: background, never a new risk. */
  history: number;
}>;

export function digestTotals(digest: DigestIssued): DigestTotals {
  const items = digest.families.flatMap((family) => family.items);
  return {
    byLevel: digest.counts,
    live: riskLevels.reduce((sum, level) => sum + digest.counts[level], 0),
    late: items.filter((item) => item.timing === 'late').length,
    history: items.filter((item) => item.timing === 'history').length,
  };
}

/** Nothing at all to show: no live item and no background either. */
export const isEmptyDigest = (totals: DigestTotals): boolean => totals.live === 0 && totals.history === 0;

export const levelLabel: Readonly<Record<RiskLevel, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  information: 'Information',
};
