import { appendAuditEntries, type AuditEntryInput } from '../audit';
import { sharingDecisionKey, type SharingDecisionReviewed, type SharingWithheld } from '../contracts';
import { addToOutbox } from '../platform/outbox';
import type { Runtime } from '../platform/runtime';
import { decideReview, decideWithholding, type ReviewRequest, type WithholdRequest } from './decide';
import { findDecision } from './decisions-store';

/**
 * Recording a decision or a review: the event (through the outbox) and its audit entry commit in one
 * transaction, so the log never says a decision was made that sharing-decisions.v1 does not hold,
 * nor the other way round. It withholds once the sharing-decisions consumer has applied it.
 */
export async function recordWithholding(runtime: Runtime, request: WithholdRequest): Promise<SharingWithheld> {
  const event = decideWithholding(request);
  await commit(runtime, event, decisionAudit(event));
  return event;
}

/** Reads the decision from the projection: wait for the sharing-decisions consumer first. */
export async function recordReview(runtime: Runtime, decisionId: string, request: ReviewRequest): Promise<SharingDecisionReviewed> {
  const record = await findDecision(runtime.db, decisionId);
  const event = decideReview(record, request);
  await commit(runtime, event, reviewAudit(record.decision, event));
  return event;
}

async function commit(runtime: Runtime, event: SharingWithheld | SharingDecisionReviewed, audit: AuditEntryInput): Promise<void> {
  await runtime.db.transaction(async (trx) => {
    await addToOutbox(trx, [{ topic: runtime.topics.sharingDecisions, key: sharingDecisionKey(event), payload: event }]);
    await appendAuditEntries(trx, [audit]);
  });
  await runtime.outbox.flush();
}

/** Ids, the basis and the decision-maker's reason; never what the item said. */
function aboutItem(decision: SharingWithheld) {
  return {
    kind: 'sharing-decision' as const,
    subjectMemberIds: decision.memberId ? [decision.memberId] : [],
    ...(decision.familyId ? { familyId: decision.familyId } : {}),
    itemId: decision.agencyEventId,
    agency: decision.agency,
    lawfulBasis: decision.basis,
  };
}

export function decisionAudit(decision: SharingWithheld): AuditEntryInput {
  return {
    ...aboutItem(decision),
    actor: `operator:${decision.decidedBy.name}`,
    justification: decision.reason,
    detail: { decision: 'withheld', decisionId: decision.decisionId, paths: decision.paths.join(','), organisation: decision.decidedBy.organisation },
  };
}

export function reviewAudit(decision: SharingWithheld, review: SharingDecisionReviewed): AuditEntryInput {
  return {
    ...aboutItem(decision),
    actor: `operator:${review.reviewedBy.name}`,
    justification: review.reason,
    detail: {
      decision: review.outcome, decisionId: decision.decisionId, reviewId: review.reviewId, paths: decision.paths.join(','),
      organisation: review.reviewedBy.organisation ?? null,
    },
  };
}
