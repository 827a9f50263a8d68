import { riskLevels, type DigestIssued } from '../contracts';
import { digestTotals, isEmptyDigest, levelLabel, type DigestTotals } from '../digest/digest-totals';
import { escapeHtml } from '../digest/escape-html';
import { readableDate, shortDate } from '../digest/readable-time';
import { stableId } from '../platform/ids';

/**
 * The email that tells a practitioner their digest is ready. Email leaves our control (forwarded,
 * synced to phones, kept by mail providers), so it carries NO personal data: not the families,
 * their references, summaries, areas or categories, and not even the practitioner's name. Only the
 * date, counts by level and a link to the digest, which is readable only after signing in.
 */
export type NotificationEmail = Readonly<{
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Derived from the digest id, so a re-send after a crash is recognisably the same message. */
  messageId: string;
  headers?: Readonly<Record<string, string>>;
}>;

export type NotificationOptions = Readonly<{
  to: string;
  from: string;
  portalUrl: string;
  /** On a day with nothing to show: a short "nothing new" email ('note') or none ('skip'). */
  whenEmpty: 'note' | 'skip';
}>;

/** RFC 5322 allows only "atext" and dots in a Message-ID's left part; digest ids normally are. */
export function notificationMessageId(digestId: string): string {
  const local = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(digestId) ? digestId : stableId('d', digestId);
  return `<${local}@live-risk>`;
}

export function digestLink(portalUrl: string, digestId: string): string {
  return `${portalUrl.replace(/\/$/, '')}/digests/${encodeURIComponent(digestId)}`;
}

/** "2 high, 1 medium": only the levels that have items, most urgent first. */
function countsPhrase(totals: DigestTotals): string {
  return riskLevels
    .filter((level) => totals.byLevel[level] > 0)
    .map((level) => `${totals.byLevel[level]} ${level}`)
    .join(', ');
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

function subjectFor(digest: DigestIssued, totals: DigestTotals): string {
  const prefix = `Live risk digest, ${shortDate(digest.date)}`;
  if (totals.live > 0) return `${prefix}: ${countsPhrase(totals)}`;
  if (totals.history > 0) return `${prefix}: nothing new, ${plural(totals.history, 'background item', 'background items')}`;
  return `${prefix}: nothing new`;
}

/** The facts of the email as sentences, shared by the text and HTML parts so they never disagree. */
function sentences(totals: DigestTotals): string[] {
  if (totals.live === 0 && totals.history === 0) return ['Nothing new for your families since your last digest.'];
  const lines =
    totals.live === 0
      ? ['No new risks for your families since your last digest.']
      : [`${plural(totals.live, 'new item', 'new items')} for your families since your last digest.`];
  if (totals.late > 0) {
    lines.push(`${plural(totals.late, 'of them was', 'of them were')} reported earlier but reached us late.`);
  }
  if (totals.history > 0) {
    lines.push(`${plural(totals.history, 'older event was', 'older events were')} newly linked and ${totals.history === 1 ? 'is' : 'are'} shown as background.`);
  }
  return lines;
}

const signInNote = 'The digest opens only after you sign in. This email holds no details about families.';

function textBody(heading: string, totals: DigestTotals, link: string): string {
  const table = totals.live > 0 ? riskLevels.map((level) => `  ${levelLabel[level].padEnd(12)} ${totals.byLevel[level]}`) : [];
  return [heading, '', ...sentences(totals), ...(table.length > 0 ? ['', ...table] : []), '', `Read it: ${link}`, '', signInNote, ''].join('\n');
}

function htmlBody(heading: string, totals: DigestTotals, link: string): string {
  const rows = riskLevels.map((level) => `<tr><th scope="row">${levelLabel[level]}</th><td>${totals.byLevel[level]}</td></tr>`);
  const table =
    totals.live > 0
      ? `<table><caption>New items by risk level</caption>\n<thead><tr><th scope="col">Risk level</th><th scope="col">Items</th></tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody></table>\n`
      : '';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #ffffff; line-height: 1.5;">
<h1 style="font-size: 1.5rem;">${escapeHtml(heading)}</h1>
${sentences(totals).map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${table}<p><a href="${escapeHtml(link)}" style="color: #1d70b8;">Read your digest</a></p>
<p>${escapeHtml(signInNote)}</p>
</body>
</html>
`;
}

export function composeDigestNotification(digest: DigestIssued, options: NotificationOptions): NotificationEmail | null {
  const totals = digestTotals(digest);
  if (isEmptyDigest(totals) && options.whenEmpty === 'skip') return null;
  const heading = `Your live risk digest for ${readableDate(digest.date)}`;
  const link = digestLink(options.portalUrl, digest.digestId);
  return {
    to: options.to,
    from: options.from,
    subject: subjectFor(digest, totals),
    text: textBody(heading, totals, link),
    html: htmlBody(heading, totals, link),
    messageId: notificationMessageId(digest.digestId),
    // RFC 3834: tells auto-responders (out-of-office replies) not to answer an automatic message.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
