import type { Knex } from 'knex';
import type { AgencyEvent } from '../contracts';
import type { CandidateFamily, CandidateMember, Candidates } from './deterministic-rules';
import { lookupKeys } from './deterministic-rules';

/**
 * Fetches the cohort records an event could match, by the same keys the rules compare, from the
 * cohort projection. Only open families and current members are candidates.
 */
export async function findCandidates(db: Knex | Knex.Transaction, event: AgencyEvent): Promise<Candidates> {
  const keys = lookupKeys(event);
  const members: CandidateMember[] = await db('members as m')
    .join('families as f', 'f.family_id', 'm.family_id')
    .where('f.status', 'open')
    .andWhere('m.removed', false)
    .andWhere((q) => {
      if (keys.nhsNumbers.length) q.orWhereIn('m.nhs_number', keys.nhsNumbers);
      if (keys.pncIds.length) q.orWhereIn('m.pnc_id', keys.pncIds);
      for (const person of keys.nameAndBirth) {
        q.orWhere((inner) => inner.where('m.name_key', person.nameKey).andWhere('m.date_of_birth', person.dateOfBirth));
      }
      if (!keys.nhsNumbers.length && !keys.pncIds.length && !keys.nameAndBirth.length) q.whereRaw('false');
    })
    .select(
      'm.member_id as memberId',
      'm.family_id as familyId',
      'm.given_name as givenName',
      'm.family_name as familyName',
      db.raw(`to_char(m.date_of_birth, 'YYYY-MM-DD') as "dateOfBirth"`),
      'm.nhs_number as nhsNumber',
      'm.pnc_id as pncId',
    );
  const families: CandidateFamily[] = await db('families')
    .where('status', 'open')
    .andWhere((q) => {
      q.where('address_key', keys.addressKey);
      if (keys.uprn) q.orWhere('uprn', keys.uprn);
    })
    .select('family_id as familyId', 'uprn', 'address_key as addressKey');
  return { members, families };
}
