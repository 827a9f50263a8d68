import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';
import { passwordHint, passwordProblem } from './password-rule';
import { hashPassword, type ScryptParameters } from './passwords';
import type { PortalRole } from './roles';

/**
 * portal_accounts (migration 006): one row per practitioner who may sign in. Failed attempts are
 * counted in the database, not in memory, so a back-off holds across restarts and across several
 * portal processes behind one proxy.
 *
 * Back-off: after `afterFailures` failures in a row from browsers the account has not signed in
 * from before, the account waits `firstSeconds` before the next such attempt, doubling with each
 * further failure up to `maxSeconds`; a success ends it. The account's known devices (devices.ts)
 * are not held back, so an attacker who guesses at an account cannot lock its owner out.
 */
export type BackOff = Readonly<{ afterFailures: number; firstSeconds: number; maxSeconds: number }>;
export const defaultBackOff: BackOff = { afterFailures: 5, firstSeconds: 60, maxSeconds: 15 * 60 };

export type AccountRow = Readonly<{
  practitioner_id: string;
  password_hash: string | null;
  failed_attempts: number;
  locked_until: Date | null;
  roles: string[];
}>;

export type Reserved = Readonly<{ passwordHash: string; roles: string[] }>;

export async function findAccount(db: Knex, practitionerId: string): Promise<AccountRow | undefined> {
  return db('portal_accounts').where({ practitioner_id: practitionerId }).first('practitioner_id', 'password_hash', 'failed_attempts', 'locked_until', 'roles');
}

/**
 * Reserves one password check against the account, before the check: the attempt is counted as a
 * failure now (a success undoes it), and the one that reaches the limit starts the back-off. One
 * UPDATE … RETURNING, so of any number of parallel guesses only those that found the account not
 * backing off are checked; the rest are refused without a check. Undefined: no such account, no
 * password, or backing off.
 */
export async function reserveAttempt(db: Knex, practitionerId: string, now: Date, backOff: BackOff = defaultBackOff): Promise<Reserved | undefined> {
  const { rows }: { rows: Array<{ password_hash: string; roles: string[] }> } = await db.raw(
    `update portal_accounts
        set failed_attempts = failed_attempts + 1,
            locked_until = case when failed_attempts + 1 >= :after
              then :now::timestamptz + make_interval(secs => least(:max::float8, :first::float8 * power(2::float8, least(failed_attempts + 1 - :after, 30))))
              else locked_until end
      where practitioner_id = :id and password_hash is not null and (locked_until is null or locked_until <= :now::timestamptz)
      returning password_hash, roles`,
    { id: practitionerId, now: now.toISOString(), after: backOff.afterFailures, first: backOff.firstSeconds, max: backOff.maxSeconds },
  );
  return rows[0] ? { passwordHash: rows[0].password_hash, roles: rows[0].roles } : undefined;
}

/**
 * A successful check. From a new device it ends the back-off; from a known device it does not, so
 * the owner signing in at their usual browser does not hand an attacker elsewhere a fresh set of guesses.
 */
export async function recordSuccess(db: Knex, practitionerId: string, now: Date, options: Readonly<{ rehashed?: string; knownDevice: boolean }>): Promise<void> {
  await db('portal_accounts')
    .where({ practitioner_id: practitionerId })
    .update({
      ...(options.knownDevice ? {} : { failed_attempts: 0, locked_until: null }),
      last_signed_in_at: now,
      ...(options.rehashed ? { password_hash: options.rehashed } : {}),
    });
}

/**
 * Sets (or resets) a practitioner's password, and ends their sessions and any back-off. The
 * practitioner must be in the cohort projection: an account for nobody would be a way in for nobody.
 */
export async function setPassword(db: Knex, practitionerId: string, password: string, now: Date, parameters?: ScryptParameters): Promise<void> {
  // A practitioner from the cohort, or a school's DSL the council registered (school-staff.ts).
  const known: { name: string } | undefined =
    (await db('practitioners').where({ practitioner_id: practitionerId }).first('name')) ?? (await db('portal_school_staff').where({ staff_id: practitionerId }).first('name'));
  if (!known) {
    throw new LiveRiskError('NOT_FOUND', `no practitioner ${practitionerId} in the cohort, and no school DSL registered with that id`, {
      hint: 'practitioners come from the cohort import (check the id, or run `live-risk run cohort` first); register a DSL with `live-risk portal account school-dsl`',
    });
  }
  const problem = passwordProblem(password, [practitionerId, ...known.name.split(/\s+/)]);
  if (problem) throw new LiveRiskError('INPUT_INVALID', problem, { hint: passwordHint });
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
    // school-dsl comes with its school, and a DSL holds nothing else (school-staff.ts).
    const schoolStaff = await trx('portal_school_staff').where({ staff_id: practitionerId }).first('staff_id');
    if (schoolStaff ? roles.some((role) => role !== 'school-dsl') : roles.includes('school-dsl')) {
      throw new LiveRiskError('INPUT_INVALID', schoolStaff ? `${practitionerId} is a school's DSL and holds only school-dsl` : 'school-dsl is given with its school', {
        hint: 'use `live-risk portal account school-dsl ID --school URN --name NAME`',
      });
    }
    const updated = await trx('portal_accounts').where({ practitioner_id: practitionerId }).update({ roles: [...new Set(roles)] });
    if (updated === 0) {
      throw new LiveRiskError('NOT_FOUND', `${practitionerId} has no portal account`, { hint: 'create it first with `live-risk portal account set-password`' });
    }
    await trx('portal_sessions').where({ practitioner_id: practitionerId }).delete();
  });
}
