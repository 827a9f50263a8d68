import { riskLevels, type DigestIssued, type DigestItem } from '../contracts';
import { disclosureSentence, itemHeading, safeguardingMarker } from './disclosure-words';
import { windowHours } from './window';

const timingNotes: Record<DigestItem['timing'], string> = {
  new: '',
  late: ' (LATE: reported before your last digest, received after it)',
  history: ' (HISTORY: an older event, linked because the family’s details changed; background, not a new risk)',
};

/** An item's lines: only what the sharing policy let through, and how much and on what basis. */
function itemLines(item: DigestItem): string[] {
  const shared = disclosureSentence(item.disclosure);
  const lines = [`   - [${item.riskLevel.toUpperCase()}] ${itemHeading(item)}${timingNotes[item.timing]}`];
  if (item.disclosure?.withoutConsent) lines.push(`     ${safeguardingMarker}: ${item.disclosure.withoutConsent.justification}`);
  if (shared) lines.push(`     shared: ${shared}`);
  if (item.disclosure?.contact) lines.push(`     for details contact: ${item.disclosure.contact}`);
  lines.push(`     source: ${item.organisation} (${item.agency})${item.area !== undefined ? `, area ${item.area}` : ''}`);
  if (item.occurredAt && item.reportedAt) lines.push(`     occurred ${item.occurredAt}, reported ${item.reportedAt}`);
  lines.push(`     why rated: ${item.ratedBecause} (rule ${item.rule.id}, version ${item.rule.version})`);
  if (item.whyMatched !== undefined) lines.push(`     why linked: ${item.whyMatched}`);
  if (item.summary) lines.push(`     summary: ${item.summary}`);
  return lines;
}

/** The plain-text digest a practitioner reads: most urgent family first, each item with source, times and why. */
export function renderDigestText(digest: DigestIssued, options: { maxFamilies?: number } = {}): string {
  const counts = riskLevels.map((level) => `${digest.counts[level]} ${level}`).join(', ');
  const lines = [
    `Live risk digest for ${digest.practitionerName} (${digest.practitionerId}) — ${digest.date}`,
    `Events reported ${digest.window.from} to ${digest.window.to} (${windowHours(digest.window)} hours); ${counts}`,
    `Rated by risk rules version ${digest.ruleSetVersion}${digest.policyVersion ? `; shared under sharing policy version ${digest.policyVersion}` : ''}`,
    '',
  ];
  if (digest.families.length === 0) lines.push('Nothing new for your families since the last digest.');
  const shown = digest.families.slice(0, options.maxFamilies ?? digest.families.length);
  shown.forEach((family, index) => {
    lines.push(`${index + 1}. Family ${family.familyReference}: ${family.riskLevel.toUpperCase()}`);
    for (const finding of family.findings) {
      lines.push(`   ! ${finding.text} — raises the family to ${finding.raisesTo} (rule ${finding.rule.id})`);
    }
    for (const item of family.items) lines.push(...itemLines(item));
  });
  if (shown.length < digest.families.length) lines.push(`   … and ${digest.families.length - shown.length} more families`);
  return lines.join('\n');
}
