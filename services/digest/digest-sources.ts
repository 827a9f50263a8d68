import { subDays } from 'date-fns';
import type { Knex } from 'knex';
import type { MatchLinked } from '../contracts';
import type { ConsentRecord, LawfulBasis } from '../policy';
import { withholdingsFor } from '../sharing-decisions/decisions-store';
import { longestLookBackDays, type RuleSet } from '../risk';
import { toLocalIso, type Window } from './window';

/**
 * What the digest job reads from the projections for one practitioner. Kept apart from the job so
 * that reproducing a past digest (issue 6) can read the same way from a replayed schema.
 */
export type PractitionerRow = Readonly<{ practitionerId: string; name: string; email: string }>;

export async function practitionersToServe(db: Knex | Knex.Transaction, practitionerId?: string): Promise<PractitionerRow[]> {
  return db('practitioners')
    .modify((q) => (practitionerId ? q.where('practitioner_id', practitionerId) : q))
    .orderBy('practitioner_id')
    .select('practitioner_id as practitionerId', 'name', 'email');
}

export async function familyReferences(db: Knex | Knex.Transaction, practitionerId: string): Promise<Map<string, string>> {
  const rows: Array<{ family_id: string; reference: string }> = await db('families')
    .where({ practitioner_id: practitionerId, status: 'open' })
    .select('family_id', 'reference');
  return new Map(rows.map((row) => [row.family_id, row.reference]));
}

/**
 * Reading as things stood at a past digest's cut-off (`live-risk digest --as-of`) rather than now:
 * a family counts as open unless it was closed before the cut-off, and only the items of the digests
 * issued before that one count as already shown (later digests have shown more since).
 */
export type AsAtCutOff = Readonly<{ earlierDigestIds: readonly string[] }>;

/**
 * How far back a late item may have been reported: the practitioner's first window start, or the
 * horizon before this window, whichever is later. `windowsFrom` are the starts of the windows of the
 * practitioner's digests issued before this one.
 */
export function lateFromFor(window: Window, windowsFrom: readonly Date[], horizonDays = 14): string {
  const firstWindowFrom = windowsFrom.reduce((first, from) => Math.min(first, +from), Date.parse(window.from));
  return toLocalIso(new Date(Math.max(firstWindowFrom, +subDays(new Date(window.from), horizonDays))));
}

/** Where the wider-picture history starts: the rules' longest look-back before the earliest unreported event. */
export function historySince(unreported: readonly MatchLinked[], window: Window, rules: RuleSet): string {
  const earliest = unreported.reduce((min, match) => Math.min(min, Date.parse(match.event.occurredAt)), Date.parse(window.to));
  return subDays(new Date(earliest), longestLookBackDays(rules)).toISOString();
}

/**
 * Matches for the practitioner's open families that no digest of theirs has carried yet and that
 * reached us before the cut-off: reported in [lateFrom, window.to), or older history from re-matching.
 */
export async function unreportedMatches(
  db: Knex | Knex.Transaction,
  practitionerId: string,
  selection: { window: Window; cutOff: string; lateFrom: string },
  asAt?: AsAtCutOff,
): Promise<MatchLinked[]> {
  const rows: Array<{ payload: MatchLinked }> = await db('matches as m')
    .join('families as f', 'f.family_id', 'm.family_id')
    .where('f.practitioner_id', practitionerId)
    .modify((q) =>
      asAt
        ? q.andWhere((open) => open.whereNull('f.closed_at').orWhere('f.closed_at', '>=', selection.cutOff))
        : q.andWhere('f.status', 'open'),
    )
    .andWhere('m.received_at', '<', selection.cutOff)
    .andWhere((q) =>
      q
        .where('m.context', 'history')
        .orWhere((live) => live.where('m.reported_at', '>=', selection.lateFrom).andWhere('m.reported_at', '<', selection.window.to)),
    )
    .whereNotExists((q) =>
      q
        .select(db.raw('1'))
        .from('digest_items as i')
        .where('i.practitioner_id', practitionerId)
        .andWhereRaw('i.match_id = m.match_id')
        .modify((shown) => (asAt ? shown.whereIn('i.digest_id', asAt.earlierDigestIds) : shown)),
    )
    .orderBy('m.match_id')
    .select('m.payload');
  return rows.map((row) => row.payload);
}

/** The families' matches since `occurredFrom`, as known at the cut-off, for the wider-picture rules. */
export async function recentHistory(
  db: Knex | Knex.Transaction,
  familyIds: readonly string[],
  occurredFrom: string,
  cutOff: string,
): Promise<MatchLinked[]> {
  if (familyIds.length === 0) return [];
  const rows: Array<{ payload: MatchLinked }> = await db('matches')
    .whereIn('family_id', familyIds)
    .andWhere('occurred_at', '>=', occurredFrom)
    .andWhere('received_at', '<', cutOff)
    .orderBy('match_id')
    .select('payload');
  return rows.map((row) => row.payload);
}

/**
 * Each family's consent for live-risk sharing as it stood at the cut-off: the latest change per
 * member ('' = the whole family) recorded before it. Reading history rather than the current
 * `consents` row means a digest reproduced later sees the consent its first run saw.
 */
export async function consentAsAt(db: Knex | Knex.Transaction, familyIds: readonly string[], cutOff: string): Promise<Map<string, ConsentRecord[]>> {
  const consent = new Map<string, ConsentRecord[]>();
  if (familyIds.length === 0) return consent;
  const rows: Array<{ family_id: string; member_id: string; status: 'given' | 'withdrawn'; basis: LawfulBasis | null; justification: string | null }> =
    await db('consent_history')
      .distinctOn('family_id', 'member_id')
      .whereIn('family_id', familyIds)
      .andWhere('purpose', 'live-risk-sharing')
      .andWhere('changed_at', '<', cutOff)
      .orderBy([{ column: 'family_id' }, { column: 'member_id' }, { column: 'changed_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .select('family_id', 'member_id', 'status', 'basis', 'justification');
  for (const row of rows) {
    const records = consent.get(row.family_id) ?? [];
    records.push({ memberId: row.member_id, status: row.status, basis: row.basis, justification: row.justification });
    consent.set(row.family_id, records);
  }
  return consent;
}

/**
 * The match ids a holder's decision withholds from the digest path, as the decisions and reviews
 * had reached us by the cut-off (so `digest --as-of` honours exactly what the digest honoured), or
 * as they stand now without one (the portal). A digest item is about a family, not one child: a
 * decision scoped to a child of that family applies.
 */
export async function withheldFromDigests(db: Knex | Knex.Transaction, matches: readonly MatchLinked[], cutOff?: string): Promise<Set<string>> {
  const items = matches.map((match) => ({ agency: match.event.agency, agencyEventId: match.event.agencyEventId, familyId: match.familyId }));
  const withholdings = await withholdingsFor(db, items, 'digest', cutOff ? { asAt: cutOff } : {});
  return new Set(matches.filter((_, index) => withholdings[index]).map((match) => match.matchId));
}
