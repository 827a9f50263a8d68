import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import type { Config } from '../../platform/config';
import { isMailFile, mailDirectory, receivedAtOf } from './store';

/**
 * Reads back what the development mail sink stored, for tests and for `live-risk mail`. It reads
 * files from the state dir, so it sees only the sink live-risk runs, not a docker compose Mailpit.
 */
export type ReceivedMail = Readonly<{
  /** The file name inside the mail directory, e.g. 20261121T070001123Z-000001.eml. */
  file: string;
  path: string;
  receivedAt: Date;
  /** With its angle brackets, as in the header: <d-…@live-risk>. */
  messageId: string | null;
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string | null;
  /** The Date header: when the sender says it sent it. */
  date: Date | null;
}>;

export type MailboxFilter = Readonly<{ to?: string; messageId?: string; since?: Date }>;

const bracketed = (messageId: string): string => (messageId.startsWith('<') ? messageId : `<${messageId}>`);

function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.map((entry) => entry.address ?? '')).filter((a) => a !== '');
}

export async function parseMailFile(path: string): Promise<ReceivedMail> {
  const parsed = await simpleParser(await readFile(path));
  const file = basename(path);
  return {
    file,
    path,
    receivedAt: receivedAtOf(file) ?? new Date(0),
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text ?? '',
    to: [...addressesOf(parsed.to), ...addressesOf(parsed.cc)],
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html === false ? null : parsed.html,
    date: parsed.date ?? null,
  };
}

/** Addresses compare case-insensitively; Message-IDs with or without their angle brackets. */
export function matchesFilter(mail: ReceivedMail, filter: MailboxFilter): boolean {
  if (filter.to !== undefined && !mail.to.some((address) => address.toLowerCase() === filter.to?.toLowerCase())) {
    return false;
  }
  if (filter.messageId !== undefined && mail.messageId !== bracketed(filter.messageId)) return false;
  if (filter.since !== undefined && mail.receivedAt < filter.since) return false;
  return true;
}

/** Stored file names, oldest first; those older than `since` are skipped without being parsed. */
async function mailFiles(directory: string, since?: Date): Promise<string[]> {
  if (!existsSync(directory)) return [];
  const names = (await readdir(directory)).filter(isMailFile).sort();
  return since === undefined ? names : names.filter((name) => (receivedAtOf(name) ?? new Date(0)) >= since);
}

/** Every stored message that passes the filter, in the order the sink received them. */
export async function readMailbox(config: Pick<Config, 'stateDir'>, filter: MailboxFilter = {}): Promise<ReceivedMail[]> {
  const directory = mailDirectory(config.stateDir);
  const mails = await Promise.all(
    (await mailFiles(directory, filter.since)).map((name) => parseMailFile(join(directory, name))),
  );
  return mails.filter((mail) => matchesFilter(mail, filter));
}

/** One message by its file name or its Message-ID; null when there is no such message. */
export async function findMail(config: Pick<Config, 'stateDir'>, reference: string): Promise<ReceivedMail | null> {
  const directory = mailDirectory(config.stateDir);
  // basename: a reference is a name inside the mail directory, never a path to elsewhere.
  const name = basename(reference);
  if (isMailFile(name) && existsSync(join(directory, name))) return parseMailFile(join(directory, name));
  const [byId] = await readMailbox(config, { messageId: reference.trim() });
  return byId ?? null;
}
