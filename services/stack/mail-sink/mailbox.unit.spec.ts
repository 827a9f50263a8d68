import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMail, matchesFilter, readMailbox, type ReceivedMail } from './mailbox';
import { mailDirectory, mailFileName } from './store';

const mail = (overrides: Partial<ReceivedMail> = {}): ReceivedMail => ({
  file: '20261121T070001123Z-000001.eml',
  path: '/tmp/x.eml',
  receivedAt: new Date('2026-11-21T07:00:01.123Z'),
  messageId: '<d-1@live-risk>',
  from: 'Live risk <live-risk@council.example>',
  to: ['Pat.Tester@council.example'],
  subject: 'Live risk digest',
  text: '',
  html: null,
  date: null,
  ...overrides,
});

const raw = (to: string, messageId: string, subject: string) =>
  `From: live-risk@council.example\r\nTo: ${to}\r\nMessage-ID: ${messageId}\r\nSubject: ${subject}\r\n` +
  `Date: Sat, 21 Nov 2026 07:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nRead it: https://portal.example/digests/d-1\r\n`;

describe('the mailbox filter', () => {
  it('matches a recipient whatever the case of the address', () => {
    expect(matchesFilter(mail(), { to: 'pat.tester@COUNCIL.example' })).toBe(true);
    expect(matchesFilter(mail(), { to: 'someone.else@council.example' })).toBe(false);
  });

  it('matches a Message-ID with or without its angle brackets', () => {
    expect(matchesFilter(mail(), { messageId: 'd-1@live-risk' })).toBe(true);
    expect(matchesFilter(mail(), { messageId: '<d-1@live-risk>' })).toBe(true);
    expect(matchesFilter(mail(), { messageId: '<d-2@live-risk>' })).toBe(false);
  });

  it('keeps only messages received at or after `since`', () => {
    expect(matchesFilter(mail(), { since: new Date('2026-11-21T07:00:01.123Z') })).toBe(true);
    expect(matchesFilter(mail(), { since: new Date('2026-11-21T07:00:02Z') })).toBe(false);
  });
});

describe('reading the mailbox from the state dir', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'mailbox-'));
    const directory = mailDirectory(stateDir);
    mkdirSync(directory);
    writeFileSync(join(directory, mailFileName(new Date('2026-11-21T07:00:02Z'), 2)), raw('b@council.example', '<m-2@x>', 'second'));
    writeFileSync(join(directory, mailFileName(new Date('2026-11-21T07:00:01Z'), 1)), raw('a@council.example', '<m-1@x>', 'first'));
    writeFileSync(join(directory, 'README.txt'), 'not mail');
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('returns parsed messages in arrival order and skips files the sink did not write', async () => {
    const mails = await readMailbox({ stateDir });

    expect(mails.map((m) => [m.subject, m.to, m.messageId])).toEqual([
      ['first', ['a@council.example'], '<m-1@x>'],
      ['second', ['b@council.example'], '<m-2@x>'],
    ]);
    expect(mails[0].text).toContain('https://portal.example/digests/d-1');
  });

  it('finds one message by file name or by Message-ID, and nothing outside the mail directory', async () => {
    expect((await findMail({ stateDir }, '20261121T070002000Z-000002.eml'))?.subject).toBe('second');
    expect((await findMail({ stateDir }, 'm-1@x'))?.subject).toBe('first');
    expect(await findMail({ stateDir }, '../../etc/passwd')).toBeNull();
  });

  it('is empty, not an error, before the sink has received anything', async () => {
    expect(await readMailbox({ stateDir: join(stateDir, 'nowhere') })).toEqual([]);
  });
});
