import { criteriaApprovalEvent } from '../contracts';
import { consumerRegistry } from '../consumers/registry';
import type { Projection } from './projection-handler';

/**
 * criteria-approvals.v1 → criteria_approvals: which criteria report governance approved, by whom and
 * when. The id is deterministic per report and approver, so a re-published approval changes nothing.
 */
export function criteriaApprovalProjection(topic: string): Projection<typeof criteriaApprovalEvent> {
  return {
    name: 'criteria-approvals',
    topic,
    schema: criteriaApprovalEvent,
    tables: consumerRegistry['criteria-approvals'].tables,
    apply: async (trx, event) => {
      switch (event.type) {
        case 'criteria-report.approved':
          await trx('criteria_approvals')
            .insert({
              approval_id: event.approvalId,
              report_id: event.reportId,
              content_hash: event.contentHash,
              approved_by: event.approvedBy,
              approved_at: event.approvedAt,
              payload: JSON.stringify(event),
            })
            .onConflict('approval_id')
            .ignore();
          return;
      }
    },
  };
}
