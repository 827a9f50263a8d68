import type { Knex } from 'knex';
import { digestIssued, type DigestIssued, type MatchLinked } from '../contracts';
import { consentAsAt, historySince, lateFromFor, recentHistory, unreportedMatches, withheldFromDigests } from '../digest/digest-sources';
import { toLocalIso } from '../digest/window';
import type { ConsentRecord } from '../policy';
import type { RuleSet } from '../risk';

/**
 * What a past digest was built from, read as it stood at that digest's cut-off. The digest job read
 * "now", at its cut-off; reproducing it later reads the same tables through the cut-off instead:
 *
 * - matches (agency events, re-matching and confirmed reviews alike) that reached us before it;
 * - the items shown by that practitioner's digests issued before it (not those shown since);
 * - its window, previous cut-off and late horizon from those earlier digests;
 * - consent from `consent_history` as at the cut-off;
 * - decisions to withhold, and their reviews, that had reached us by the cut-off;
 * - families that were open then (closed since is fine: `closed_at` is kept).
 *
 * Read as they are now, because the projections keep no history of them: which practitioner a
 * family is assigned to, family references and the practitioner's name. A family reassigned since,
 * a reference or a name changed since, shows up as a difference that `digest --as-of` names.
 */
export type AsOfSources = Readonly<{
  stored: DigestIssued;
  practitionerName: string;
  lateFrom: string;
  previousCutOff?: string;
  familyReferences: ReadonlyMap<string, string>;
  consent: ReadonlyMap<string, readonly ConsentRecord[]>;
  /** Match ids (of `unreported` and `history`) withheld from the digest by decisions that had reached us by the cut-off. */
  withheldByDecision: ReadonlySet<string>;
  unreported: readonly MatchLinked[];
  /** The families' matches since the longest look-back of every rule set to be tried, in match id order. */
  history: readonly MatchLinked[];
}>;

export type StoredDigestQuery = Readonly<{ from?: string; to?: string; practitionerId?: string }>;

/** Stored digests by date (inclusive range) and practitioner, oldest first. */
export async function storedDigests(db: Knex | Knex.Transaction, query: StoredDigestQuery): Promise<DigestIssued[]> {
  const rows: Array<{ payload: DigestIssued }> = await db('digests')
    .modify((q) => (query.from ? q.where('digest_date', '>=', query.from) : q))
    .modify((q) => (query.to ? q.where('digest_date', '<=', query.to) : q))
    .modify((q) => (query.practitionerId ? q.where('practitioner_id', query.practitionerId) : q))
    .orderBy([{ column: 'digest_date' }, { column: 'practitioner_id' }])
    .select('payload');
  // Parsing restores the contract's field order (jsonb stores keys sorted) and re-checks the shape.
  return rows.map((row) => digestIssued.parse(row.payload));
}

type EarlierDigest = { digest_id: string; digest_date: string; window_from: Date; window_to: Date; cut_off: Date };

export async function readAsOfSources(db: Knex | Knex.Transaction, stored: DigestIssued, ruleSets: readonly RuleSet[]): Promise<AsOfSources> {
  const { practitionerId, cutOff, window } = stored;
  // Digests are issued one run at a time under the digest job's lock, each with a later cut-off, so
  // "issued before this one" is "cut before it" (the date breaks a tie within one scheduler run).
  const earlier: EarlierDigest[] = await db('digests')
    .where('practitioner_id', practitionerId)
    .whereNot('digest_id', stored.digestId)
    .andWhere((q) => q.where('cut_off', '<', cutOff).orWhere((tie) => tie.where('cut_off', cutOff).andWhere('digest_date', '<', stored.date)))
    .select('digest_id', 'digest_date', 'window_from', 'window_to', 'cut_off');
  const previous = earlier.filter((row) => row.digest_date < stored.date).sort((a, b) => +b.window_to - +a.window_to)[0];
  const lateFrom = lateFromFor(window, earlier.map((row) => row.window_from));
  const unreported = await unreportedMatches(db, practitionerId, { window, cutOff, lateFrom }, { earlierDigestIds: earlier.map((row) => row.digest_id) });
  const familyIds = [...new Set(unreported.map((match) => match.familyId))];
  const since = ruleSets.map((rules) => historySince(unreported, window, rules)).sort()[0] ?? window.from;
  const [practitioner, references, consent, history] = await Promise.all([
    db('practitioners').where('practitioner_id', practitionerId).first<{ name: string } | undefined>('name'),
    db('families').whereIn('family_id', familyIds).select<Array<{ family_id: string; reference: string }>>('family_id', 'reference'),
    consentAsAt(db, familyIds, cutOff),
    recentHistory(db, familyIds, since, cutOff),
  ]);
  const withheldByDecision = await withheldFromDigests(db, [...unreported, ...history], cutOff);
  return {
    stored,
    practitionerName: practitioner?.name ?? stored.practitionerName,
    lateFrom,
    ...(previous ? { previousCutOff: toLocalIso(previous.cut_off) } : {}),
    familyReferences: new Map(references.map((row) => [row.family_id, row.reference])),
    consent,
    withheldByDecision,
    unreported,
    history,
  };
}
