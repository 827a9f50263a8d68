import type { Knex } from 'knex';
import type { ConsumerName } from '../consumers';
import type { CohortMember } from './nhs-number-count';

/** The projection the data-quality counts are read from (a read command waits for it; it never consumes). */
export const dataQualityReads: readonly ConsumerName[] = ['cohort'];

/** Current members of open families with their lead practitioner's team: no names, only what the count needs. */
export async function cohortMembers(db: Knex): Promise<CohortMember[]> {
  const rows: Array<{ date_of_birth: string | null; nhs_number: string | null; team: string | null }> = await db('members as m')
    .join('families as f', 'f.family_id', 'm.family_id')
    .leftJoin('practitioners as p', 'p.practitioner_id', 'f.practitioner_id')
    .where({ 'f.status': 'open', 'm.removed': false })
    .select('m.date_of_birth', 'm.nhs_number', 'p.team');
  return rows.map((row) => ({ dateOfBirth: row.date_of_birth, nhsNumber: row.nhs_number, team: row.team }));
}
