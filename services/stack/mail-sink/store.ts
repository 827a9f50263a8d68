import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How the development mail sink keeps what it receives: one file per message, exactly the bytes
 * the client sent after DATA, in `${stateDir}/mail/`. Any mail client opens an .eml file, and
 * `live-risk mail list` reads them back.
 *
 *   20261121T070001123Z-000001.eml     UTC arrival time to the millisecond, then a counter
 *
 * The names sort by arrival as plain strings; the counter separates messages that arrive in the
 * same millisecond. Each file is written under a dot-name and renamed into place, so a reader
 * never sees half a message.
 */
export const mailDirectory = (stateDir: string): string => join(stateDir, 'mail');

const namePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-(\d{6,})\.eml$/;

export function mailFileName(receivedAt: Date, counter: number): string {
  const stamp = receivedAt.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${String(counter).padStart(6, '0')}.eml`;
}

/** When the sink received the file's message, or null when the name is not one the sink writes. */
export function receivedAtOf(fileName: string): Date | null {
  const parts = namePattern.exec(fileName);
  if (!parts) return null;
  const [year, month, day, hour, minute, second, millisecond] = parts.slice(1, 8).map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
}

export const isMailFile = (fileName: string): boolean => namePattern.test(fileName);

export function storeMessage(directory: string, message: Buffer, receivedAt: Date, counter: number): string {
  const name = mailFileName(receivedAt, counter);
  const temporary = join(directory, `.${name}.${process.pid}.tmp`);
  writeFileSync(temporary, message);
  renameSync(temporary, join(directory, name));
  return name;
}
