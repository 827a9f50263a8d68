import type { DigestItem, ItemDisclosure } from '../contracts';

/**
 * How the text and HTML digests say what the sharing policy allowed, so both say it the same way.
 * Sharing without consent on safeguarding grounds is marked in capitals in both, wherever it appears.
 */
const levelWords: Readonly<Record<ItemDisclosure['level'], string>> = {
  full: 'in full',
  summary: 'as a summary (no narrative)',
  'existence-only': 'only that something happened',
};

const basisWords: Readonly<Record<ItemDisclosure['basis'], string>> = {
  consent: 'consent',
  'public-task': 'public task',
  'vital-interests': 'vital interests (safeguarding)',
};

export const safeguardingMarker = 'SHARED WITHOUT CONSENT ON SAFEGUARDING GROUNDS';

/** "Shared in full on the lawful basis of public task", or undefined for items from before the policy. */
export function disclosureSentence(disclosure: ItemDisclosure | undefined): string | undefined {
  if (!disclosure) return undefined;
  return `Shared ${levelWords[disclosure.level]} on the lawful basis of ${basisWords[disclosure.basis]}`;
}

/** The heading of an item: its category, or for an existence-only item, who recorded something. */
export function itemHeading(item: DigestItem): string {
  return item.categoryLabel ?? `Something was recorded by ${item.organisation}`;
}
