import type { Knex } from 'knex';
import type { DigestIssued, DigestItem, MatchLinked, RecipientRole } from '../contracts';
import { consentAsAt, withheldFromDigests } from '../digest/digest-sources';
import { applyPolicy, decideDisclosure, subjectOf, type Policy } from '../policy';

/**
 * Who may see what in the portal. A practitioner sees a digest only if it was issued to them, and a
 * family only if they lead it or a manager has assigned them to cover it now. Everything else is
 * `undefined`, exactly as if the id did not exist: the routes answer both the same way.
 */
export type DigestListing = Readonly<{ digestId: string; date: string; itemCount: number }>;

export async function digestsOf(db: Knex, practitionerId: string): Promise<DigestListing[]> {
  return db('digests')
    .where({ practitioner_id: practitionerId })
    .orderBy([{ column: 'digest_date', order: 'desc' }, { column: 'digest_id' }])
    .select('digest_id as digestId', 'digest_date as date', 'item_count as itemCount');
}

/**
 * A digest issued to this practitioner, without the items a holder has since decided to withhold
 * from the digest path (more detrimental to the child): the digest as recorded still says what it
 * disclosed then; the portal stops showing it from the decision on.
 */
export async function digestFor(db: Knex, practitionerId: string, digestId: string): Promise<DigestIssued | undefined> {
  const row: { payload: DigestIssued } | undefined = await db('digests').where({ digest_id: digestId, practitioner_id: practitionerId }).first('payload');
  if (!row) return undefined;
  const digest = row.payload;
  const withheld = await withheldNow(db, digest.families.flatMap((family) => family.items.map((item) => item.matchId)));
  if (withheld.size === 0) return digest;
  const families = digest.families
    .map((family) => ({ ...family, items: family.items.filter((item) => !withheld.has(item.matchId)) }))
    .filter((family) => family.items.length > 0);
  return { ...digest, families };
}

/** Which of these items a holder's decision in force now withholds from the digest path. */
async function withheldNow(db: Knex, matchIds: readonly string[]): Promise<Set<string>> {
  if (matchIds.length === 0) return new Set();
  const rows: Array<{ payload: MatchLinked }> = await db('matches').whereIn('match_id', [...new Set(matchIds)]).select('payload');
  return withheldFromDigests(db, rows.map((row) => row.payload));
}

export type FamilyRow = Readonly<{
  family_id: string; reference: string; practitioner_id: string | null; status: string; enrolled_at: Date;
  address_line1: string; address_line2: string | null; town: string | null; postcode: string;
}>;
export type FamilyAccess = Readonly<{ family: FamilyRow; role: Extract<RecipientRole, 'lead-practitioner' | 'covering-practitioner'> }>;

export async function familyFor(db: Knex, practitionerId: string, familyId: string, now: Date): Promise<FamilyAccess | undefined> {
  const family: FamilyRow | undefined = await db('families').where({ family_id: familyId }).first();
  if (!family) return undefined;
  if (family.practitioner_id === practitionerId) return { family, role: 'lead-practitioner' };
  const cover = await db('family_cover')
    .where({ family_id: familyId, practitioner_id: practitionerId })
    .andWhere('valid_from', '<=', now)
    .andWhere((q) => q.whereNull('valid_until').orWhere('valid_until', '>', now))
    .first('id');
  return cover ? { family, role: 'covering-practitioner' } : undefined;
}

export type FamilyItem = Readonly<{ item: DigestItem; digestDate: string }>;

const levelRank = { 'existence-only': 0, summary: 1, full: 2 } as const;

/**
 * The family's items as the digests carried them (newest digest first, each item once). Digests
 * went to the lead practitioner, so a covering practitioner gets each item cut down to what the
 * sharing policy allows their role, with consent as it stands now: never more than either role may see.
 */
export async function familyItems(db: Knex, access: FamilyAccess, policy: Policy, now: Date): Promise<FamilyItem[]> {
  const familyId = access.family.family_id;
  const rows: Array<{ payload: DigestIssued }> = await db('digests')
    .whereRaw(`payload->'families' @> ?::jsonb`, [JSON.stringify([{ familyId }])])
    .orderBy([{ column: 'digest_date', order: 'desc' }, { column: 'digest_id' }])
    .select('payload');
  const seen = new Set<string>();
  const items: FamilyItem[] = [];
  const withheld = await withheldNow(db, rows.flatMap(({ payload }) => payload.families.find((family) => family.familyId === familyId)?.items.map((item) => item.matchId) ?? []));
  for (const { payload } of rows) {
    for (const item of payload.families.find((family) => family.familyId === familyId)?.items ?? []) {
      if (seen.has(item.matchId) || withheld.has(item.matchId)) continue;
      seen.add(item.matchId);
      items.push({ item, digestDate: payload.date });
    }
  }
  if (access.role === 'lead-practitioner') return items;
  return asSeenBy(db, items, access.role, policy, now);
}

/**
 * Items as carried by digests (which went to lead practitioners), cut down to what the sharing
 * policy lets `role` see, with each family's consent as it stands now: never more than either role
 * may see. Items the role may not see at all are left out, and so are those a holder's decision now
 * withholds from the digest path.
 */
export async function asSeenBy<T extends Readonly<{ item: DigestItem }>>(db: Knex, entries: readonly T[], role: RecipientRole, policy: Policy, now: Date): Promise<T[]> {
  if (entries.length === 0) return [];
  const matches = new Map<string, MatchLinked>(
    (await db('matches').whereIn('match_id', entries.map(({ item }) => item.matchId)).select('match_id', 'payload')).map(
      (row: { match_id: string; payload: MatchLinked }) => [row.match_id, row.payload],
    ),
  );
  const consent = await consentAsAt(db, [...new Set(entries.map(({ item }) => item.familyId))], now.toISOString());
  const withheld = await withheldFromDigests(db, [...matches.values()]);
  return entries.flatMap((entry) => {
    const match = matches.get(entry.item.matchId);
    if (!match || withheld.has(match.matchId)) return [];
    const context = { policy, role, consent: consent.get(entry.item.familyId) ?? [] };
    const decision = decideDisclosure(subjectOf(match), context);
    if (!decision.share) return [];
    const shown = entry.item.disclosure?.level ?? 'full';
    if (levelRank[decision.level] >= levelRank[shown]) return [entry];
    const applied = applyPolicy(entry.item, { ...context, match });
    return 'disclosed' in applied ? [{ ...entry, item: applied.disclosed }] : [];
  });
}

/** When this practitioner acknowledged each of `matchIds` (from the acknowledgements projection). */
export async function acknowledgedBy(db: Knex, practitionerId: string, matchIds: readonly string[]): Promise<Map<string, Date>> {
  if (matchIds.length === 0) return new Map();
  const rows: Array<{ match_id: string; acknowledged_at: Date }> = await db('acknowledgements')
    .where({ practitioner_id: practitionerId })
    .whereIn('match_id', matchIds)
    .select('match_id', 'acknowledged_at');
  return new Map(rows.map((row) => [row.match_id, row.acknowledged_at]));
}
