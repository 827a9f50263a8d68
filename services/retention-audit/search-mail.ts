import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { isLoopbackHost } from '../platform/config';
import { describeError } from '../platform/errors';
import { isMailFile, mailDirectory } from '../stack/mail-sink/store';
import { htmlText } from './fold';
import type { Needle } from './needles';
import { notSearched, PlaceTally, type FieldValue, type PlaceReport } from './tally';

/**
 * Mail: every message the development mail sink stored (services/stack/mail-sink), searched as the
 * bytes received and as a reader sees it: headers decoded (=?UTF-8?B?…?=), the body out of
 * quoted-printable or base64, HTML as text, and each attachment. (mailbox.ts's parseMailFile leaves
 * attachments out, so the message is parsed here.) Mail sent through a relay left live-risk: no copy
 * is kept here, so that relay is listed as not searched rather than passed over.
 */
export async function searchMail(stateDir: string, smtpUrl: string, needles: readonly Needle[]): Promise<PlaceReport[]> {
  const directory = mailDirectory(stateDir);
  const tally = new PlaceTally(needles, 'mail', `mail sink ${directory}`, 'emails');
  const reports: PlaceReport[] = [];
  try {
    const names = existsSync(directory) ? (await readdir(directory)).filter(isMailFile).sort() : [];
    for (const name of names) {
      const raw = await readFile(join(directory, name));
      const parsed = await simpleParser(raw);
      const fields: Record<string, FieldValue> = {
        raw,
        subject: parsed.subject,
        from: parsed.from?.text,
        to: [parsed.to, parsed.cc].flat().map((field) => field?.text ?? '').join('\n'),
        text: parsed.text,
        html: parsed.html === false ? null : htmlText(parsed.html),
      };
      for (const [index, attachment] of parsed.attachments.entries()) fields[`attachment ${index + 1}`] = attachment.content;
      tally.record(fields, name);
    }
    reports.push(tally.report());
  } catch (error) {
    reports.push(notSearched('mail', `mail sink ${directory}`, `could not read it: ${describeError(error)}`, 'emails'));
  }
  const relay = new URL(smtpUrl);
  if (!isLoopbackHost(relay.hostname)) {
    reports.push(
      notSearched('mail', `mail relayed through ${relay.hostname}`, 'live-risk keeps no copy of what it sent; ask the mail administrator to search the relay and the recipients’ mailboxes', 'emails'),
    );
  }
  return reports;
}
