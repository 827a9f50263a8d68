import { riskLevels, type DigestIssued, type DigestItem } from '../contracts';
import { windowHours } from './window';

const timingNotes: Record<DigestItem['timing'], string> = {
  new: '',
  late: ' (LATE: reported before your last digest, received after it)',
  history: ' (HISTORY: an older event, linked because the family’s details changed; background, not a new risk)',
};

/** The plain-text digest a practitioner reads: most urgent family first, each item with source, times and why. */
export function renderDigestText(digest: DigestIssued, options: { maxFamilies?: number } = {}): string {
  const counts = riskLevels.map((level) => `${digest.counts[level]} ${level}`).join(', ');
  const lines = [
    `Live risk digest for ${digest.practitionerName} (${digest.practitionerId}) — ${digest.date}`,
    `Events reported ${digest.window.from} to ${digest.window.to} (${windowHours(digest.window)} hours); ${counts}`,
    `Rated by risk rules version ${digest.ruleSetVersion}`,
    '',
  ];
  if (digest.families.length === 0) lines.push('Nothing new for your families since the last digest.');
  const shown = digest.families.slice(0, options.maxFamilies ?? digest.families.length);
  shown.forEach((family, index) => {
    lines.push(`${index + 1}. Family ${family.familyReference}: ${family.riskLevel.toUpperCase()}`);
    for (const finding of family.findings) {
      lines.push(`   ! ${finding.text} — raises the family to ${finding.raisesTo} (rule ${finding.rule.id})`);
    }
    for (const item of family.items) {
      lines.push(
        `   - [${item.riskLevel.toUpperCase()}] ${item.categoryLabel}${timingNotes[item.timing]}`,
        `     source: ${item.organisation} (${item.agency}), area ${item.area}`,
        `     occurred ${item.occurredAt}, reported ${item.reportedAt}`,
        `     why rated: ${item.ratedBecause} (rule ${item.rule.id}, version ${item.rule.version})`,
        `     why linked: ${item.whyMatched}`,
      );
      if (item.summary) lines.push(`     summary: ${item.summary}`);
    }
  });
  if (shown.length < digest.families.length) lines.push(`   … and ${digest.families.length - shown.length} more families`);
  return lines.join('\n');
}
