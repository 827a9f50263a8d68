import { LiveRiskError } from '../platform/errors';
import { mailError, smtpServerLabel } from './smtp-mailer';

const failure = (fields: Record<string, unknown>, message = 'failed') => Object.assign(new Error(message), fields);

describe('SMTP failures as LiveRiskErrors', () => {
  it('treats a refused or dropped connection as retriable', () => {
    for (const fields of [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, { code: 'ETIMEDOUT' }, { code: 'ECONNECTION' }, { code: 'EDNS' }]) {
      const error = mailError(failure(fields), '127.0.0.1:2525');

      expect(error).toBeInstanceOf(LiveRiskError);
      expect([error.code, error.retriable]).toEqual(['MAIL_UNAVAILABLE', true]);
    }
  });

  it('treats a 4xx reply as retriable and a permanent 5xx reply as not', () => {
    const later = mailError(failure({ code: 'EENVELOPE', responseCode: 451, permanent: false }), 'relay:587');
    const never = mailError(failure({ code: 'EENVELOPE', responseCode: 550, permanent: true }), 'relay:587');

    expect([later.code, later.retriable]).toEqual(['MAIL_UNAVAILABLE', true]);
    expect([never.code, never.retriable]).toEqual(['MAIL_REJECTED', false]);
    expect(never.message).toContain('SMTP reply 550');
    expect(never.hint).toMatch(/retrying will not help/);
  });

  it('points at SMTP_URL when the login is refused', () => {
    const error = mailError(failure({ code: 'EAUTH', responseCode: 535 }), 'relay:587');

    expect([error.code, error.retriable]).toEqual(['CONFIG_INVALID', false]);
    expect(error.hint).toContain('SMTP_URL');
  });

  it('never repeats the password from SMTP_URL when naming the server', () => {
    expect(smtpServerLabel('smtps://user:s3cret@relay.council.example')).toBe('relay.council.example:465');
    expect(smtpServerLabel('smtp://127.0.0.1:2525')).toBe('127.0.0.1:2525');
  });
});
