import type { Knex } from 'knex';
import type { Policy } from '../policy';
import type { FamilyAccess } from './access';
import type { FamilySummary } from './pages/family-summary';

/** What the family summary shows, read from the cohort projection and the cover assignments. */
export async function familySummary(db: Knex, access: FamilyAccess, policy: Policy, now: Date): Promise<FamilySummary> {
  const { family } = access;
  const members: Array<{ member_id: string; given_name: string; family_name: string; date_of_birth: string | null; nhs_number: string | null; pnc_id: string | null }> =
    await db('members').where({ family_id: family.family_id, removed: false }).orderBy('member_id').select('member_id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number', 'pnc_id');
  const names = new Map(members.map((m) => [m.member_id, `${m.given_name} ${m.family_name}`]));
  const consents: Array<{ member_id: string; status: 'given' | 'withdrawn'; basis: string | null; justification: string | null }> = await db('consents')
    .where({ family_id: family.family_id, purpose: 'live-risk-sharing' })
    .orderBy('member_id')
    .select('member_id', 'status', 'basis', 'justification');
  const lead: { name: string } | undefined = family.practitioner_id
    ? await db('practitioners').where({ practitioner_id: family.practitioner_id }).first('name')
    : undefined;
  const covering: Array<{ name: string; valid_until: Date | null }> = await db('family_cover as c')
    .join('practitioners as p', 'p.practitioner_id', 'c.practitioner_id')
    .where('c.family_id', family.family_id)
    .andWhere('c.valid_from', '<=', now)
    .andWhere((q) => q.whereNull('c.valid_until').orWhere('c.valid_until', '>', now))
    .orderBy('c.valid_from')
    .select('p.name', 'c.valid_until');
  return {
    reference: family.reference,
    enrolledOn: family.enrolled_at.toISOString().slice(0, 10),
    address: [family.address_line1, family.address_line2, family.town, family.postcode].filter((line): line is string => Boolean(line)),
    members: members.map((m) => ({ name: names.get(m.member_id) ?? '', dateOfBirth: m.date_of_birth, nhsNumberHeld: m.nhs_number !== null, pncIdHeld: m.pnc_id !== null })),
    consent: consents.map((c) => ({
      about: c.member_id === '' ? 'Your whole family' : (names.get(c.member_id) ?? 'A former member of your family'),
      status: c.status,
      basis: c.basis,
      // A safeguarding override: shared without consent, with a justification on record.
      safeguarding: c.basis === 'vital-interests' && c.justification !== null,
    })),
    lead: lead?.name ?? null,
    covering: covering.map((c) => ({ name: c.name, until: c.valid_until ? c.valid_until.toISOString() : null })),
    policy,
    generatedAt: now.toISOString(),
  };
}
