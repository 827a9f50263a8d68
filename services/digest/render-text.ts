import { riskLevels, type DigestIssued, type DigestItem } from '../contracts';
import { terminal } from '../platform/terminal';
import { disclosureSentence, itemHeading, safeguardingMarker } from './disclosure-words';
import { windowHours } from './window';

const timingNotes: Record<DigestItem['timing'], string> = {
  new: '',
  late: ' (LATE: reported before your last digest, received after it)',
  history: ' (HISTORY: an older event, linked because the family’s details changed; background, not a new risk)',
};

// Every line is built with terminal``: summaries, names and references come from agencies and the
// council, and must not start a line of their own or send an escape sequence to whoever reads this.

/** An item's lines: only what the sharing policy let through, and how much and on what basis. */
function itemLines(item: DigestItem): string[] {
  const shared = disclosureSentence(item.disclosure);
  const lines = [terminal`   - [${item.riskLevel.toUpperCase()}] ${itemHeading(item)}` + timingNotes[item.timing]];
  if (item.disclosure?.withoutConsent) lines.push(terminal`     ${safeguardingMarker}: ${item.disclosure.withoutConsent.justification}`);
  if (shared) lines.push(terminal`     shared: ${shared}`);
  if (item.disclosure?.contact) lines.push(terminal`     for details contact: ${item.disclosure.contact}`);
  lines.push(terminal`     source: ${item.organisation} (${item.agency})` + (item.area !== undefined ? terminal`, area ${item.area}` : ''));
  if (item.occurredAt && item.reportedAt) lines.push(terminal`     occurred ${item.occurredAt}, reported ${item.reportedAt}`);
  lines.push(terminal`     why rated: ${item.ratedBecause} (rule ${item.rule.id}, version ${item.rule.version})`);
  if (item.whyMatched !== undefined) lines.push(terminal`     why linked: ${item.whyMatched}`);
  if (item.summary) lines.push(terminal`     summary: ${item.summary}`);
  return lines;
}

/** The plain-text digest a practitioner reads: most urgent family first, each item with source, times and why. */
export function renderDigestText(digest: DigestIssued, options: { maxFamilies?: number } = {}): string {
  const counts = riskLevels.map((level) => `${digest.counts[level]} ${level}`).join(', ');
  const lines = [
    terminal`Live risk digest for ${digest.practitionerName} (${digest.practitionerId}) — ${digest.date}`,
    terminal`Events reported ${digest.window.from} to ${digest.window.to} (${windowHours(digest.window)} hours); ${counts}`,
    terminal`Rated by risk rules version ${digest.ruleSetVersion}` +
      (digest.policyVersion ? terminal`; shared under sharing policy version ${digest.policyVersion}` : ''),
    '',
  ];
  if (digest.families.length === 0) lines.push('Nothing new for your families since the last digest.');
  const shown = digest.families.slice(0, options.maxFamilies ?? digest.families.length);
  shown.forEach((family, index) => {
    lines.push(terminal`${index + 1}. Family ${family.familyReference}: ${family.riskLevel.toUpperCase()}`);
    for (const finding of family.findings) {
      lines.push(terminal`   ! ${finding.text} — raises the family to ${finding.raisesTo} (rule ${finding.rule.id})`);
    }
    for (const item of family.items) lines.push(...itemLines(item));
  });
  if (shown.length < digest.families.length) lines.push(`   … and ${digest.families.length - shown.length} more families`);
  return lines.join('\n');
}
