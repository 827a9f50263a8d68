import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMailFile, mailFileName, receivedAtOf, storeMessage } from './store';

describe('the mail sink file store', () => {
  it('names a file by its UTC arrival time and a counter', () => {
    expect(mailFileName(new Date('2026-11-21T07:00:01.123Z'), 7)).toBe('20261121T070001123Z-000007.eml');
  });

  it('gives names that sort by arrival as plain strings', () => {
    const names = [
      mailFileName(new Date('2026-11-21T07:00:01.123Z'), 10),
      mailFileName(new Date('2026-03-29T01:30:00.000Z'), 1),
      mailFileName(new Date('2026-11-21T07:00:01.123Z'), 9),
      mailFileName(new Date('2026-11-21T07:00:01.124Z'), 1),
    ];

    expect([...names].sort()).toEqual([names[1], names[2], names[0], names[3]]);
  });

  it('reads the arrival time back from the name, and ignores files it did not write', () => {
    const when = new Date('2026-10-25T01:30:00.500Z');

    expect(receivedAtOf(mailFileName(when, 1))).toEqual(when);
    expect(receivedAtOf('notes.txt')).toBeNull();
    expect(isMailFile('.20261121T070001123Z-000001.eml.42.tmp')).toBe(false);
  });

  it('stores the bytes verbatim and leaves no temporary file behind', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mail-store-'));
    try {
      const message = Buffer.from('Subject: caf\xc3\xa9\r\n\r\n.leading dot\r\n', 'latin1');
      const name = storeMessage(directory, message, new Date('2026-11-21T07:00:00Z'), 1);

      expect(readdirSync(directory)).toEqual([name]);
      expect(readFileSync(join(directory, name)).equals(message)).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
