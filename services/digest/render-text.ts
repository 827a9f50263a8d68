import type { DigestIssued } from '../contracts';
import { windowHours } from './window';

/** The plain-text digest a practitioner reads: most urgent first, each item with source, times and why. */
export function renderDigestText(digest: DigestIssued): string {
  const lines = [
    `Live risk digest for ${digest.practitionerName} (${digest.practitionerId}) — ${digest.date}`,
    `Events reported ${digest.window.from} to ${digest.window.to} (${windowHours(digest.window)} hours)`,
    '',
  ];
  if (digest.items.length === 0) lines.push('Nothing new for your families since the last digest.');
  digest.items.forEach((item, index) => {
    lines.push(
      `${index + 1}. [${item.riskLevel.toUpperCase()}] ${item.categoryLabel} — family ${item.familyReference}`,
      `   source: ${item.organisation} (${item.agency}), area ${item.area}`,
      `   occurred ${item.occurredAt}, reported ${item.reportedAt}`,
      `   why linked: ${item.whyMatched}`,
    );
    if (item.summary) lines.push(`   summary: ${item.summary}`);
  });
  return lines.join('\n');
}
