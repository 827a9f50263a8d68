import { createTransport } from 'nodemailer';
import type { Config } from '../platform/config';
import { LiveRiskError, describeError } from '../platform/errors';
import type { NotificationEmail } from './notification-email';

/**
 * The SMTP adapter: sends a composed email and turns nodemailer's failures into LiveRiskErrors
 * whose `retriable` flag says whether the same message can succeed later. Only host and port ever
 * appear in messages, never SMTP_URL itself, because it may carry a password.
 */
export type Mailer = Readonly<{
  send: (email: NotificationEmail) => Promise<{ accepted: string[]; rejected: string[] }>;
  close: () => void;
}>;

/** The fields of nodemailer's errors we decide on (see NodemailerError in its typings). */
type SmtpFailure = Error & {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  originalCode?: string;
};

/** Connection-level codes: nothing reached the server's judgement, so trying later can help. */
const connectionCodes = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED']);

export function smtpServerLabel(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
}

export function mailError(error: unknown, server: string): LiveRiskError {
  // Not `instanceof Error`: errors made by Node's own modules fail that test inside jest's sandbox.
  const failure = (typeof error === 'object' && error !== null ? error : new Error(String(error))) as SmtpFailure;
  const reply = failure.responseCode !== undefined ? ` (SMTP reply ${failure.responseCode})` : '';
  const reason = `${typeof failure.message === 'string' ? failure.message : describeError(error)}${reply}`;
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') {
    return new LiveRiskError('CONFIG_INVALID', `the SMTP server at ${server} refused our login: ${reason}`, {
      cause: error,
      hint: 'check the user and password in SMTP_URL (smtp://user:password@host:port)',
    });
  }
  if (failure.code === 'ETLS') {
    return new LiveRiskError('CONFIG_INVALID', `could not secure the connection to ${server}: ${reason}`, {
      cause: error,
      hint: 'check SMTP_URL: smtps:// is for implicit TLS (usually port 465), smtp:// for plain or STARTTLS (587)',
    });
  }
  if (failure.permanent === true) {
    return new LiveRiskError('MAIL_REJECTED', `the SMTP server at ${server} refused the message for good: ${reason}`, {
      cause: error,
      hint: "retrying will not help: check MAIL_FROM and the practitioner's email address, or ask the mail administrator why it was refused",
    });
  }
  const transient =
    failure.permanent === false ||
    (failure.responseCode !== undefined && failure.responseCode >= 400 && failure.responseCode < 500) ||
    connectionCodes.has(failure.code ?? '') ||
    connectionCodes.has(failure.originalCode ?? '');
  if (transient) {
    return new LiveRiskError('MAIL_UNAVAILABLE', `could not deliver to the SMTP server at ${server}: ${reason}`, {
      retriable: true,
      cause: error,
      hint:
        'the mail server is down, unreachable or busy; sending again later will work. For the local mail sink run ' +
        '`live-risk stack up`; otherwise check SMTP_URL',
    });
  }
  return new LiveRiskError('INTERNAL', `sending mail through ${server} failed: ${reason}`, { cause: error });
}

const addresses = (list: ReadonlyArray<string | { address: string }> | undefined): string[] =>
  (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));

export function createMailer(config: Pick<Config, 'smtpUrl'>): Mailer {
  const server = smtpServerLabel(config.smtpUrl);
  // Shorter waits than nodemailer's (2 min to connect, 10 min idle): a caller that is told quickly
  // that the server is away can retry with back-off. Query parameters in SMTP_URL still win.
  const transport = createTransport({
    url: config.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Our messages never attach files or fetch URLs; refuse both so a bad value cannot make it try.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(email) {
      try {
        const info = await transport.sendMail({
          from: email.from,
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          headers: { ...email.headers },
        });
        return { accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
      } catch (error) {
        throw mailError(error, server);
      }
    },
    close: () => transport.close(),
  };
}
