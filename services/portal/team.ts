import type { Knex } from 'knex';
import type { DigestItem } from '../contracts';
import type { Policy } from '../policy';
import { asSeenBy } from './access';

/**
 * What a team manager sees. A manager manages the team their own practitioner record is in (the
 * cohort says so: `practitioners.team`); the team's families are those whose lead practitioner is
 * in it now. Everything about a family passes through the sharing policy for role `team-manager`.
 */
export type Team = Readonly<{ name: string; practitioners: ReadonlyArray<Readonly<{ practitionerId: string; name: string }>> }>;

export async function teamOf(db: Knex, managerId: string): Promise<Team | undefined> {
  const me: { team: string | null } | undefined = await db('practitioners').where({ practitioner_id: managerId }).first('team');
  if (!me?.team) return undefined;
  const practitioners: Array<{ practitionerId: string; name: string }> = await db('practitioners')
    .where({ team: me.team })
    .orderBy(['name', 'practitioner_id'])
    .select('practitioner_id as practitionerId', 'name');
  return { name: me.team, practitioners };
}

export type Cover = Readonly<{ practitionerId: string; name: string; until: Date | null }>;
export type TeamFamily = Readonly<{
  familyId: string;
  reference: string;
  status: string;
  lead: Readonly<{ practitionerId: string; name: string }>;
  /** The date of the newest digest that carried something about the family, if any. */
  lastDigest: string | null;
  cover: readonly Cover[];
}>;

export async function teamFamilies(db: Knex, team: string, now: Date): Promise<TeamFamily[]> {
  const rows: Array<{ family_id: string; reference: string; status: string; practitioner_id: string; name: string; last_digest: string | null }> = await db('families as f')
    .join('practitioners as p', 'p.practitioner_id', 'f.practitioner_id')
    .where('p.team', team)
    .orderBy([{ column: 'f.status', order: 'desc' }, { column: 'f.reference' }])
    .select(
      'f.family_id',
      'f.reference',
      'f.status',
      'p.practitioner_id',
      'p.name',
      db.raw(
        `(select to_char(max(d.digest_date), 'YYYY-MM-DD') from digests d
           where d.practitioner_id = f.practitioner_id
             and d.payload->'families' @> jsonb_build_array(jsonb_build_object('familyId', f.family_id))) as last_digest`,
      ),
    );
  const cover = await currentCover(db, rows.map((row) => row.family_id), now);
  return rows.map((row) => ({
    familyId: row.family_id,
    reference: row.reference,
    status: row.status,
    lead: { practitionerId: row.practitioner_id, name: row.name },
    lastDigest: row.last_digest,
    cover: cover.get(row.family_id) ?? [],
  }));
}

async function currentCover(db: Knex, familyIds: readonly string[], now: Date): Promise<Map<string, Cover[]>> {
  const rows: Array<{ family_id: string; practitioner_id: string; name: string; valid_until: Date | null }> = await db('family_cover as c')
    .join('practitioners as p', 'p.practitioner_id', 'c.practitioner_id')
    .whereIn('c.family_id', familyIds)
    .andWhere('c.valid_from', '<=', now)
    .andWhere((q) => q.whereNull('c.valid_until').orWhere('c.valid_until', '>', now))
    .orderBy(['c.family_id', 'c.valid_from'])
    .select('c.family_id', 'c.practitioner_id', 'p.name', 'c.valid_until');
  const byFamily = new Map<string, Cover[]>();
  for (const row of rows) {
    const list = byFamily.get(row.family_id) ?? [];
    if (!list.some((c) => c.practitionerId === row.practitioner_id)) list.push({ practitionerId: row.practitioner_id, name: row.name, until: row.valid_until });
    byFamily.set(row.family_id, list);
  }
  return byFamily;
}

/** Whether the family's lead practitioner is in the team now: what lets a manager act on it. */
export async function isTeamFamily(db: Knex, team: string, familyId: string): Promise<boolean> {
  const row = await db('families as f').join('practitioners as p', 'p.practitioner_id', 'f.practitioner_id').where({ 'f.family_id': familyId, 'p.team': team }).first('f.family_id');
  return row !== undefined;
}

export type WaitingItem = Readonly<{ item: DigestItem; digestId: string; digestDate: string; sentTo: string }>;

/**
 * High-risk items (the risk rules' `high` level, as rated on the item; history excluded, since it
 * is background and never a new risk) that digests sent to the team's practitioners carried about
 * the team's families and that nobody has acknowledged yet, oldest digest first. They are cut to
 * what a team manager may see: an item the policy lets a manager know only exists carries no
 * rating, so it is not listed as high risk.
 */
export async function unacknowledgedHighRisk(db: Knex, team: string, policy: Policy, now: Date): Promise<WaitingItem[]> {
  const { rows }: { rows: Array<{ digest_id: string; digest_date: string; sent_to: string; item: DigestItem }> } = await db.raw(
    `select d.digest_id, to_char(d.digest_date, 'YYYY-MM-DD') as digest_date, sent.name as sent_to, item
       from digests d
       join practitioners sent on sent.practitioner_id = d.practitioner_id and sent.team = :team
       cross join lateral jsonb_array_elements(d.payload->'families') family
       cross join lateral jsonb_array_elements(family->'items') item
       join families f on f.family_id = family->>'familyId'
       join practitioners lead on lead.practitioner_id = f.practitioner_id and lead.team = :team
      where item->>'riskLevel' = 'high' and item->>'timing' <> 'history'
        and not exists (select 1 from acknowledgements a where a.match_id = item->>'matchId')
      order by d.digest_date, d.digest_id`,
    { team },
  );
  const seen = new Set<string>();
  const waiting = rows.flatMap((row) => {
    if (seen.has(row.item.matchId)) return [];
    seen.add(row.item.matchId);
    return [{ item: row.item, digestId: row.digest_id, digestDate: row.digest_date, sentTo: row.sent_to }];
  });
  return (await asSeenBy(db, waiting, 'team-manager', policy, now)).filter(({ item }) => item.riskLevel === 'high');
}
