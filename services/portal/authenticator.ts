import type { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultBackOff, findAccount, recordSuccess, reserveAttempt, type BackOff, type Reserved } from './accounts';
import { reserveDeviceAttempt } from './devices';
import { defaultScrypt, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from './passwords';
import { storedRoles, type PortalRole } from './roles';
import { WorkQueue } from './work-queue';

/**
 * How a person proves who they are. The portal's sessions, CSRF protection and authorisation do not
 * depend on how: an Authenticator turns a sign-in attempt into a practitioner id, or refuses.
 * Passwords are the implementation here; an OIDC one (see "Practitioner portal" in README.md)
 * replaces it by sending the browser to the council's provider and mapping the returned
 * (issuer, subject) to a practitioner through portal_accounts.identity_provider and subject.
 *
 * A refusal never says why: an unknown id, a wrong password and an account backing off get the same
 * answer, in about the same time, so the sign-in page cannot be used to find out who has an account.
 */
export type SignInOutcome = Readonly<{ ok: true; practitionerId: string; roles: readonly PortalRole[] }> | Readonly<{ ok: false }>;

export type SignInAttempt = Readonly<{
  practitionerId: string;
  password: string;
  /** The browser's device cookie, if it has one (devices.ts). */
  deviceToken?: string;
}>;

export interface Authenticator {
  /** 'password': the sign-in page shows an id and password form. */
  readonly method: 'password';
  signIn(attempt: SignInAttempt, now: Date): Promise<SignInOutcome>;
}

export type PasswordOptions = Readonly<{
  scrypt?: ScryptParameters;
  backOff?: BackOff;
  /** Password checks at once (each takes 128 MiB at the default cost); the rest queue. */
  concurrency?: number;
}>;

export function passwordAuthenticator(db: Knex, options: PasswordOptions = {}): Authenticator {
  const parameters = options.scrypt ?? defaultScrypt;
  const backOff = options.backOff ?? defaultBackOff;
  const queue = new WorkQueue(options.concurrency ?? 2);
  // How long a real check takes here, learnt from the checks made: a refusal without a check
  // (unknown id, backing off) waits about as long, without spending the CPU.
  let typicalMs: number | undefined;
  const check = async (password: string, hash: string, urgent: boolean): Promise<boolean> =>
    queue.run(async () => {
      const started = performance.now();
      const matches = await verifyPassword(password, hash);
      const took = performance.now() - started;
      typicalMs = typicalMs === undefined ? took : typicalMs * 0.8 + took * 0.2;
      return matches;
    }, urgent);
  // Until a real check has been timed, one check against a hash of nothing anyone types is timed
  // (once, however many refusals are waiting for it).
  let measuring: Promise<unknown> | undefined;
  const refuseInTheSameTime = async (): Promise<SignInOutcome> => {
    if (typicalMs === undefined) {
      measuring ??= hashPassword('not a password anyone has', parameters).then((dummy) => check('', dummy, false));
      await measuring;
    }
    await sleep((typicalMs ?? 0) * (0.9 + Math.random() * 0.2));
    return { ok: false };
  };
  const succeed = async (reserved: Reserved, practitionerId: string, password: string, now: Date, knownDevice: boolean): Promise<SignInOutcome> => {
    const rehashed = needsRehash(reserved.passwordHash, parameters) ? await queue.run(() => hashPassword(password, parameters)) : undefined;
    await recordSuccess(db, practitionerId, now, { rehashed, knownDevice });
    return { ok: true, practitionerId, roles: storedRoles(reserved.roles) };
  };
  return {
    method: 'password',
    async signIn({ practitionerId, password, deviceToken }, now) {
      if (practitionerId.length === 0 || practitionerId.length > 100) return refuseInTheSameTime();
      // A known device: not held back by the account's back-off, and ahead of the queue.
      if (await reserveDeviceAttempt(db, practitionerId, deviceToken, now, backOff)) {
        const account = await findAccount(db, practitionerId);
        if (!account?.password_hash) return refuseInTheSameTime();
        if (!(await check(password, account.password_hash, true))) return { ok: false };
        return succeed({ passwordHash: account.password_hash, roles: account.roles }, practitionerId, password, now, true);
      }
      const reserved = await reserveAttempt(db, practitionerId, now, backOff);
      if (!reserved) return refuseInTheSameTime();
      if (!(await check(password, reserved.passwordHash, false))) return { ok: false };
      return succeed(reserved, practitionerId, password, now, false);
    },
  };
}
