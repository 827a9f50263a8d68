import type { Knex } from 'knex';
import type { BackOff } from './accounts';
import { hashToken, newToken } from './sessions';

/**
 * Known devices (portal_devices, migration 016), after OWASP's "device cookies": a browser that has
 * signed in to an account gets a long-lived cookie with a random token; the table keeps its SHA-256.
 * A password attempt from a known device is not held back by the account's back-off, so guessing at
 * an account from elsewhere cannot lock its owner out of their usual browser. A device has its own
 * count of failures: after `afterFailures` in a row it is no longer trusted, and attempts from it
 * wait like anyone else's, so a stolen device cookie buys a handful of guesses, not a way round.
 */
export const deviceLimits = { keepDays: 180, perPractitioner: 20 } as const;

/**
 * Reserves one password check from a known device, counted as a failure until it succeeds (as for
 * accounts: one UPDATE … RETURNING, so parallel guesses cannot all pass). False: not a device this
 * practitioner has signed in from, forgotten, or no longer trusted.
 */
export async function reserveDeviceAttempt(db: Knex, practitionerId: string, token: string | undefined, now: Date, backOff: BackOff): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const oldest = new Date(now.getTime() - deviceLimits.keepDays * 86_400_000);
  const updated = await db('portal_devices')
    .where({ token_hash: hashToken(token), practitioner_id: practitionerId })
    .andWhere('failed_attempts', '<', backOff.afterFailures)
    .andWhere('last_used_at', '>', oldest)
    .increment('failed_attempts', 1)
    .update({ last_used_at: now });
  return updated > 0;
}

/**
 * After a successful sign-in: the browser's device token, trusted again, or a new one when it had
 * none for this practitioner. Returns the token for the cookie. Each practitioner keeps their most
 * recently used devices only.
 */
export async function rememberDevice(db: Knex, practitionerId: string, token: string | undefined, now: Date): Promise<string> {
  if (token && token.length <= 100) {
    const kept = await db('portal_devices').where({ token_hash: hashToken(token), practitioner_id: practitionerId }).update({ failed_attempts: 0, last_used_at: now });
    if (kept > 0) return token;
  }
  const fresh = newToken();
  await db('portal_devices').insert({ token_hash: hashToken(fresh), practitioner_id: practitionerId, failed_attempts: 0, created_at: now, last_used_at: now });
  const stale = db('portal_devices').where({ practitioner_id: practitionerId }).orderBy('last_used_at', 'desc').offset(deviceLimits.perPractitioner).select('token_hash');
  await db('portal_devices').whereIn('token_hash', stale).delete();
  await db('portal_devices').where('last_used_at', '<', new Date(now.getTime() - deviceLimits.keepDays * 86_400_000)).delete();
  return fresh;
}
