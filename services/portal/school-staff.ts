import type { Knex } from 'knex';
import { textProblem } from '../contracts';
import { LiveRiskError } from '../platform/errors';

/**
 * A school's designated safeguarding lead (DSL) in the portal (portal_school_staff, migration 021).
 * They sign in like anyone (a password, or the council's identity provider), hold only the
 * school-dsl role, and are bound to ONE school by its URN: the council says which school when it
 * registers them, and only the council can change it. Their id must not be a practitioner's: a DSL
 * reading a school's notifications is never also the practitioner of a family in the same session.
 */
export type SchoolStaff = Readonly<{ staffId: string; name: string; schoolUrn: string }>;

/** A school's unique reference number (Get Information about Schools): six digits. */
export const schoolUrnPattern = /^\d{6}$/;

export async function findSchoolStaff(db: Knex, staffId: string): Promise<SchoolStaff | undefined> {
  const row: { staff_id: string; name: string; school_urn: string } | undefined = await db('portal_school_staff').where({ staff_id: staffId }).first('staff_id', 'name', 'school_urn');
  return row && { staffId: row.staff_id, name: row.name, schoolUrn: row.school_urn };
}

/**
 * Registers (or moves to another school) a DSL, and makes their account hold exactly the school-dsl
 * role; without a password yet (`portal account set-password`), unless they sign in through the
 * identity provider. Their sessions end, so a move between schools applies at once.
 */
export async function registerSchoolDsl(db: Knex, staff: SchoolStaff, now: Date): Promise<void> {
  const staffId = staff.staffId.trim();
  const name = staff.name.trim();
  if (staffId === '' || staffId.length > 100) throw new LiveRiskError('INPUT_INVALID', 'the id must be 1 to 100 characters', { hint: 'use the id the DSL will sign in with, e.g. DSL-100001' });
  if (!schoolUrnPattern.test(staff.schoolUrn)) throw new LiveRiskError('INPUT_INVALID', 'the school URN must be six digits', { hint: 'find it in the schools register, e.g. 100001' });
  const nameProblem = name === '' || name.length > 200 ? 'must be 1 to 200 characters' : textProblem(name, 'single-line');
  if (nameProblem) throw new LiveRiskError('INPUT_INVALID', `the name ${nameProblem}`, { hint: 'give the name shown in their page header, e.g. --name "Sam Reed"' });
  await db.transaction(async (trx) => {
    const practitioner = await trx('practitioners').where({ practitioner_id: staffId }).first('practitioner_id');
    if (practitioner) {
      throw new LiveRiskError('INPUT_INVALID', `${staffId} is a practitioner in the cohort`, { hint: 'a DSL is not a practitioner: register them with an id of their own, e.g. DSL-<URN>' });
    }
    await trx('portal_school_staff')
      .insert({ staff_id: staffId, name, school_urn: staff.schoolUrn, registered_at: now })
      .onConflict('staff_id')
      .merge(['name', 'school_urn']);
    await trx('portal_accounts').insert({ practitioner_id: staffId, roles: ['school-dsl'] }).onConflict('practitioner_id').merge({ roles: ['school-dsl'] });
    await trx('portal_sessions').where({ practitioner_id: staffId }).delete();
  });
}
