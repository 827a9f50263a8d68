import type { Agency, ReviewOutcome, SharingDecisionReviewed, SharingPath, SharingWithheld } from '../contracts';

/**
 * Whether a decision to withhold stops one disclosure. Pure: the store (decisions-store.ts) reads
 * the decisions about an item and its reviews, and this decides.
 *
 * A decision applies to a disclosure when it is about the same agency event, names the path, is in
 * force (never reviewed, or its latest review upheld it), and its scope does not rule the disclosure
 * out. Scope: a decision naming a family applies only to disclosures for that family, and one naming
 * a child only to disclosures about that child. A disclosure that cannot say whom it is about (a
 * digest item about a household, say) is withheld by every decision about its event: when in doubt,
 * the decision-maker's judgement stands.
 */

/** The item a path is about to disclose, and as much as it knows of whom it is about. */
export type DisclosedItem = Readonly<{ agency: Agency; agencyEventId: string; familyId?: string; memberId?: string }>;

export type DecisionStatus = 'in-force' | 'upheld' | 'lifted';

/** A decision with its reviews, oldest first, as the projection holds them. */
export type DecisionRecord = Readonly<{ decision: SharingWithheld; reviews: readonly SharingDecisionReviewed[] }>;

/** What a path needs to honour (and count) a withholding; the reason stays with the decision. */
export type Withholding = Readonly<{
  decisionId: string;
  basis: SharingWithheld['basis'];
  paths: readonly SharingPath[];
  decidedBy: SharingWithheld['decidedBy'];
  decidedAt: string;
  status: Exclude<DecisionStatus, 'lifted'>;
}>;

/** The latest review decides; a decision nobody has reviewed yet is in force. */
export function statusOf(reviews: readonly Pick<SharingDecisionReviewed, 'outcome' | 'reviewedAt'>[]): DecisionStatus {
  const latest = [...reviews].sort((a, b) => Date.parse(a.reviewedAt) - Date.parse(b.reviewedAt)).at(-1);
  const statusAfter: Readonly<Record<ReviewOutcome, DecisionStatus>> = { upheld: 'upheld', lifted: 'lifted' };
  return latest ? statusAfter[latest.outcome] : 'in-force';
}

const within = (scope: string | undefined, asked: string | undefined) => scope === undefined || asked === undefined || scope === asked;

export function applies(decision: SharingWithheld, item: DisclosedItem, path: SharingPath): boolean {
  return (
    decision.agency === item.agency &&
    decision.agencyEventId === item.agencyEventId &&
    decision.paths.includes(path) &&
    within(decision.familyId, item.familyId) &&
    within(decision.memberId, item.memberId)
  );
}

/** The earliest decision in force that stops this disclosure on this path, or undefined: share it. */
export function withholdingAmong(records: readonly DecisionRecord[], item: DisclosedItem, path: SharingPath): Withholding | undefined {
  const stopping = records
    .filter((record) => applies(record.decision, item, path))
    .map((record) => ({ record, status: statusOf(record.reviews) }))
    .filter((candidate): candidate is { record: DecisionRecord; status: Withholding['status'] } => candidate.status !== 'lifted')
    .sort((a, b) => Date.parse(a.record.decision.decidedAt) - Date.parse(b.record.decision.decidedAt) || a.record.decision.decisionId.localeCompare(b.record.decision.decisionId));
  const first = stopping[0];
  if (!first) return undefined;
  const { decision } = first.record;
  return { decisionId: decision.decisionId, basis: decision.basis, paths: decision.paths, decidedBy: decision.decidedBy, decidedAt: decision.decidedAt, status: first.status };
}
