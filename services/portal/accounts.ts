import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';
import { hashPassword, passwordProblem, type ScryptParameters } from './passwords';
import type { PortalRole } from './roles';

/**
 * portal_accounts (migration 006): one row per practitioner who may sign in. Failed attempts are
 * counted in the database, not in memory, so a lock-out holds across restarts and across several
 * portal processes behind one proxy.
 */
export const lockOut = { afterFailures: 5, minutes: 15 } as const;

export type AccountRow = Readonly<{
  practitioner_id: string;
  password_hash: string | null;
  failed_attempts: number;
  locked_until: Date | null;
  roles: string[];
}>;

export async function findAccount(db: Knex, practitionerId: string): Promise<AccountRow | undefined> {
  return db('portal_accounts').where({ practitioner_id: practitionerId }).first('practitioner_id', 'password_hash', 'failed_attempts', 'locked_until', 'roles');
}

/** Counts a failure; the one that reaches the limit locks the account and starts the count again. One statement, so parallel guesses all count. */
export async function recordFailure(db: Knex, practitionerId: string, now: Date): Promise<void> {
  const lockedUntil = new Date(now.getTime() + lockOut.minutes * 60_000);
  await db('portal_accounts')
    .where({ practitioner_id: practitionerId })
    .update({
      failed_attempts: db.raw('case when failed_attempts + 1 >= ? then 0 else failed_attempts + 1 end', [lockOut.afterFailures]),
      locked_until: db.raw('case when failed_attempts + 1 >= ? then ?::timestamptz else locked_until end', [lockOut.afterFailures, lockedUntil.toISOString()]),
    });
}

export async function recordSuccess(db: Knex, practitionerId: string, now: Date, rehashed?: string): Promise<void> {
  await db('portal_accounts')
    .where({ practitioner_id: practitionerId })
    .update({ failed_attempts: 0, locked_until: null, last_signed_in_at: now, ...(rehashed ? { password_hash: rehashed } : {}) });
}

/**
 * Sets (or resets) a practitioner's password, and ends their sessions and any lock-out. The
 * practitioner must be in the cohort projection: an account for nobody would be a way in for nobody.
 */
export async function setPassword(db: Knex, practitionerId: string, password: string, now: Date, parameters?: ScryptParameters): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new LiveRiskError('INPUT_INVALID', problem, { hint: 'choose a longer passphrase, e.g. four unrelated words' });
  const known = await db('practitioners').where({ practitioner_id: practitionerId }).first('practitioner_id');
  if (!known) {
    throw new LiveRiskError('NOT_FOUND', `no practitioner ${practitionerId} in the cohort`, {
      hint: 'practitioners come from the cohort import; check the id, or run `live-risk run cohort` first',
    });
  }
  const hash = await hashPassword(password, parameters);
  await db.transaction(async (trx) => {
    await trx('portal_accounts')
      .insert({ practitioner_id: practitionerId, password_hash: hash, failed_attempts: 0, locked_until: null, password_changed_at: now })
      .onConflict('practitioner_id')
      .merge(['password_hash', 'failed_attempts', 'locked_until', 'password_changed_at']);
    await trx('portal_sessions').where({ practitioner_id: practitionerId }).delete();
  });
}

/**
 * Sets what a practitioner's local account may do. Their sessions end, so the new roles apply from
 * their next sign-in rather than being widened or narrowed under an open page.
 */
export async function setRoles(db: Knex, practitionerId: string, roles: readonly PortalRole[]): Promise<void> {
  if (roles.length === 0) throw new LiveRiskError('INPUT_INVALID', 'an account needs at least one role', { hint: 'to stop someone signing in, reset their password instead' });
  await db.transaction(async (trx) => {
    const updated = await trx('portal_accounts').where({ practitioner_id: practitionerId }).update({ roles: [...new Set(roles)] });
    if (updated === 0) {
      throw new LiveRiskError('NOT_FOUND', `${practitionerId} has no portal account`, { hint: 'create it first with `live-risk portal account set-password`' });
    }
    await trx('portal_sessions').where({ practitioner_id: practitionerId }).delete();
  });
}
