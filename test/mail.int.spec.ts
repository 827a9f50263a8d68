import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { digestIssued, digestItem, familyDigest } from '../services/digest/digest-fixture';
import { composeDigestNotification, createMailer, type NotificationEmail } from '../services/notify';
import { loadConfig } from '../services/platform/config';
import { LiveRiskError } from '../services/platform/errors';
import { stackStatus, stackUp } from '../services/stack';
import { smtpAddress } from '../services/stack/mail-sink/component';
import { readMailbox } from '../services/stack/mail-sink/mailbox';
import { probeSmtp } from '../services/stack/mail-sink/probe';

/**
 * The notification email through a real SMTP conversation with the development mail sink that
 * `live-risk stack up` runs, read back from the files it stores. Each test sends to its own
 * random address, so tests (and earlier runs) never see each other's mail.
 */
const config = loadConfig();
const portalUrl = 'http://127.0.0.1:8080';

/** A loopback port nothing listens on: bound by us for a moment, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function notification(to: string, digestId: string): NotificationEmail {
  const digest = digestIssued(
    [familyDigest([digestItem(), digestItem({ matchId: 'm-2', riskLevel: 'medium', timing: 'late' })])],
    { digestId },
  );
  const email = composeDigestNotification(digest, { to, from: config.mailFrom, portalUrl, whenEmpty: 'note' });
  if (email === null) throw new Error('a digest with items always gives an email');
  return email;
}

describe('the digest notification through the development mail sink', () => {
  beforeAll(async () => {
    await stackUp(config, () => undefined, { components: ['mail'] });
    // These tests read mail back from the files our sink writes. A docker compose Mailpit answers on
    // the same port but keeps mail in its own store: then stop it, or the tests fail here, not quietly.
    if ((await stackStatus(config)).mail.startedBy !== 'us') {
      throw new Error(`the SMTP server on ${config.smtpUrl} is not the live-risk mail sink; stop it so \`live-risk stack up\` can start ours`);
    }
  }, 60_000);

  it('arrives with its subject, text, link and Message-ID', async () => {
    const to = `practitioner-${randomUUID()}@council.example`;
    const digestId = `d-${randomUUID().replace(/-/g, '')}`;
    const email = notification(to, digestId);
    const sentAt = new Date(Date.now() - 1000);
    const mailer = createMailer(config);

    try {
      expect(await mailer.send(email)).toEqual({ accepted: [to], rejected: [] });
    } finally {
      mailer.close();
    }

    const received = await readMailbox(config, { to, since: sentAt });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.subject).toBe('Live risk digest, Sat 21 Nov 2026: 1 high, 1 medium');
    expect(mail.messageId).toBe(`<${digestId}@live-risk>`);
    expect(mail.text).toContain(`Read it: ${portalUrl}/digests/${digestId}`);
    expect(mail.text).toContain('1 of them was reported earlier but reached us late.');
    expect(mail.html).toContain(`href="${portalUrl}/digests/${digestId}"`);
    expect(mail.text).not.toContain('Rhiannon');
  });

  it('finds a message by its Message-ID, so a re-send is recognisably the same message', async () => {
    const to = `practitioner-${randomUUID()}@council.example`;
    const digestId = `d-${randomUUID().replace(/-/g, '')}`;
    const mailer = createMailer(config);
    try {
      await mailer.send(notification(to, digestId));
      await mailer.send(notification(to, digestId));
    } finally {
      mailer.close();
    }

    const copies = await readMailbox(config, { messageId: `${digestId}@live-risk` });
    expect(copies.map((mail) => mail.to)).toEqual([[to], [to]]);
  });

  it('refuses a message over the sink size limit for good, which is not retriable', async () => {
    const to = `practitioner-${randomUUID()}@council.example`;
    const email = { ...notification(to, `d-${randomUUID().replace(/-/g, '')}`), text: 'x'.repeat(1_200_000) };
    const mailer = createMailer(config);

    try {
      const error = await mailer.send(email).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LiveRiskError);
      expect(error).toMatchObject({ code: 'MAIL_REJECTED', retriable: false });
    } finally {
      mailer.close();
    }
    expect(await readMailbox(config, { to })).toEqual([]);
  });

  it('gives a retriable LiveRiskError when nothing listens on the SMTP port', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}` });
    try {
      const error = await mailer.send(notification('nobody@council.example', 'd-refused')).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(LiveRiskError);
      expect(error).toMatchObject({ code: 'MAIL_UNAVAILABLE', retriable: true });
      expect((error as LiveRiskError).hint).toContain('live-risk stack up');
    } finally {
      mailer.close();
    }
  });

  it('is probed by a real SMTP exchange, which a non-SMTP server or a closed port fails', async () => {
    const http = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = http.address() as { port: number };

      expect(await probeSmtp(smtpAddress(config))).toBe(true);
      expect(await probeSmtp({ host: '127.0.0.1', port })).toBe(false);
      expect(await probeSmtp({ host: '127.0.0.1', port: await closedPort() })).toBe(false);
    } finally {
      http.close();
    }
  });
});
