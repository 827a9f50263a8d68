import type { Knex } from 'knex';
import { LiveRiskError } from '../platform/errors';

/**
 * Cover: a manager lets another practitioner see a family while its lead is away. An assignment
 * has a start and, once ended (or when given), an end; the portal checks it on every request, so
 * ending cover takes effect at once. Rows are never deleted: they are the record of who could see
 * the family, and when.
 */
export type CoverAssignment = Readonly<{ id: number; familyId: string; practitionerId: string; assignedBy: string; from: Date; until: Date | null }>;

export async function assignCover(
  db: Knex,
  request: Readonly<{ familyId: string; practitionerId: string; assignedBy: string; until?: Date; reason?: string }>,
  now: Date,
): Promise<CoverAssignment> {
  const family = await db('families').where({ family_id: request.familyId }).first('practitioner_id');
  if (!family) throw new LiveRiskError('NOT_FOUND', `no family ${request.familyId} in the cohort`, { hint: 'check the family id (the cohort CSV’s family_id)' });
  const practitioner = await db('practitioners').where({ practitioner_id: request.practitionerId }).first('practitioner_id');
  if (!practitioner) throw new LiveRiskError('NOT_FOUND', `no practitioner ${request.practitionerId} in the cohort`, { hint: 'only practitioners from the cohort import can cover a family' });
  if (family.practitioner_id === request.practitionerId) {
    throw new LiveRiskError('INPUT_INVALID', `${request.practitionerId} already leads family ${request.familyId}`, { hint: 'cover is for another practitioner' });
  }
  if (request.until && request.until <= now) throw new LiveRiskError('INPUT_INVALID', 'cover must end in the future', { hint: 'give --until as a future date and time' });
  const [row] = await db('family_cover')
    .insert({ family_id: request.familyId, practitioner_id: request.practitionerId, assigned_by: request.assignedBy, valid_from: now, valid_until: request.until ?? null, reason: request.reason ?? null })
    .returning(['id', 'valid_from', 'valid_until']);
  return { id: Number(row.id), familyId: request.familyId, practitionerId: request.practitionerId, assignedBy: request.assignedBy, from: row.valid_from, until: row.valid_until };
}

/** Ends every current cover of the family by the practitioner, now. Returns how many were ended. */
export async function endCover(db: Knex, request: Readonly<{ familyId: string; practitionerId: string }>, now: Date): Promise<number> {
  return db('family_cover')
    .where({ family_id: request.familyId, practitioner_id: request.practitionerId })
    .andWhere((q) => q.whereNull('valid_until').orWhere('valid_until', '>', now))
    .update({ valid_until: now });
}
