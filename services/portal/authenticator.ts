import type { Knex } from 'knex';
import { findAccount, recordFailure, recordSuccess } from './accounts';
import { defaultScrypt, hashPassword, needsRehash, verifyPassword, type ScryptParameters } from './passwords';
import { storedRoles, type PortalRole } from './roles';

/**
 * How a person proves who they are. The portal's sessions, CSRF protection and authorisation do not
 * depend on how: an Authenticator turns a sign-in attempt into a practitioner id, or refuses.
 * Passwords are the implementation here; an OIDC one (see "Practitioner portal" in README.md)
 * replaces it by sending the browser to the council's provider and mapping the returned
 * (issuer, subject) to a practitioner through portal_accounts.identity_provider and subject.
 *
 * A refusal never says why: an unknown id, a wrong password and a locked account get the same
 * answer, in about the same time, so the sign-in page cannot be used to find out who has an account.
 */
export type SignInOutcome = Readonly<{ ok: true; practitionerId: string; roles: readonly PortalRole[] }> | Readonly<{ ok: false }>;

export interface Authenticator {
  /** 'password': the sign-in page shows an id and password form. */
  readonly method: 'password';
  signIn(attempt: Readonly<{ practitionerId: string; password: string }>, now: Date): Promise<SignInOutcome>;
}

export function passwordAuthenticator(db: Knex, parameters: ScryptParameters = defaultScrypt): Authenticator {
  // Hashed once, lazily: verifying against it costs what a real verification costs.
  let dummy: Promise<string> | undefined;
  const spendTheSameTime = async (password: string) => {
    dummy ??= hashPassword('not a password anyone has', parameters);
    await verifyPassword(password, await dummy);
  };
  return {
    method: 'password',
    async signIn({ practitionerId, password }, now) {
      const account = practitionerId.length <= 100 ? await findAccount(db, practitionerId) : undefined;
      if (!account?.password_hash) {
        await spendTheSameTime(password);
        return { ok: false };
      }
      if (account.locked_until && account.locked_until > now) {
        // Locked: the password is not even checked, so guessing on cannot succeed.
        await spendTheSameTime(password);
        return { ok: false };
      }
      if (!(await verifyPassword(password, account.password_hash))) {
        await recordFailure(db, account.practitioner_id, now);
        return { ok: false };
      }
      const rehashed = needsRehash(account.password_hash, parameters) ? await hashPassword(password, parameters) : undefined;
      await recordSuccess(db, account.practitioner_id, now, rehashed);
      return { ok: true, practitionerId: account.practitioner_id, roles: storedRoles(account.roles) };
    },
  };
}
