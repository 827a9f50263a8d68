import type { z } from 'zod';
import {
  sharingDecisionReviewed, sharingPaths, sharingWithheld, withholdingBasis,
  type Agency, type ReviewOutcome, type SharingDecisionReviewed, type SharingPath, type SharingWithheld,
} from '../contracts';
import { LiveRiskError } from '../platform/errors';
import { stableId } from '../platform/ids';
import { statusOf, type DecisionRecord } from './withholding';

/**
 * A holder's decision, and a review of one, as events. Decided here, purely: the person's words and
 * names are checked against the contract as input (refused with what to fix), never published raw.
 */
export type WithholdRequest = Readonly<{
  agency: Agency;
  agencyEventId: string;
  familyId?: string;
  memberId?: string;
  /** Absent or empty: every path. */
  paths?: readonly SharingPath[];
  reason: string;
  decidedBy: { name: string; organisation: string };
  decidedAt: string;
}>;

export type ReviewRequest = Readonly<{ outcome: ReviewOutcome; reason: string; reviewedBy: { name: string; organisation?: string }; reviewedAt: string }>;

function checked<S extends z.ZodType>(schema: S, event: z.input<S>, what: string): z.output<S> {
  const result = schema.safeParse(event);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new LiveRiskError('INPUT_INVALID', `the ${what} cannot be recorded: ${problems}`, {
    hint: 'give names and organisations as one line each (at most 200 characters) and the reason as plain text (at most 2,000 characters)',
  });
}

export function decideWithholding(request: WithholdRequest): SharingWithheld {
  const paths = request.paths?.length ? sharingPaths.filter((path) => request.paths?.includes(path)) : [...sharingPaths];
  const event = {
    type: 'sharing.withheld' as const,
    decisionId: stableId('sd', request.agency, request.agencyEventId, request.familyId ?? '', request.memberId ?? '', request.decidedBy.name, request.decidedAt),
    agency: request.agency,
    agencyEventId: request.agencyEventId,
    ...(request.familyId ? { familyId: request.familyId } : {}),
    ...(request.memberId ? { memberId: request.memberId } : {}),
    paths,
    basis: withholdingBasis,
    reason: request.reason,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt,
  };
  return checked(sharingWithheld, event, 'decision');
}

/**
 * A review upholds or lifts a decision. A lifted decision is closed: withholding the item again is a
 * new decision, with its own reasons, not the old one revived.
 */
export function decideReview(record: DecisionRecord, request: ReviewRequest): SharingDecisionReviewed {
  const { decision } = record;
  if (statusOf(record.reviews) === 'lifted') {
    throw new LiveRiskError('INPUT_INVALID', `decision ${decision.decisionId} was already lifted; it no longer withholds anything`, {
      hint: 'to withhold the item again, record a new decision with `live-risk sharing withhold`',
    });
  }
  const event = {
    type: 'sharing.decision-reviewed' as const,
    reviewId: stableId('sr', decision.decisionId, request.reviewedBy.name, request.reviewedAt),
    decisionId: decision.decisionId,
    agency: decision.agency,
    agencyEventId: decision.agencyEventId,
    outcome: request.outcome,
    reason: request.reason,
    reviewedBy: request.reviewedBy,
    reviewedAt: request.reviewedAt,
  };
  return checked(sharingDecisionReviewed, event, 'review');
}
