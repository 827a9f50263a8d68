import type { AuditEntryInput } from '../audit';
import { encompassFields, type EncompassEvent } from '../contracts';
import type { Policy } from '../policy';

const recipientOf = (event: Extract<EncompassEvent, { type: 'encompass.notified' | 'encompass.withheld' }>) =>
  event.recipient.kind === 'school' ? `school:${event.recipient.urn}` : 'council-encompass-team';

/**
 * The audit entry of a decision: a disclosure to the school (what was shared is the field set, named,
 * never its content), or a refusal naming the decision that stopped it. Undeliverable notifications
 * disclosed nothing; the report counts them.
 */
export function encompassAudit(event: EncompassEvent, policy: Policy): AuditEntryInput | undefined {
  const about = { subjectMemberIds: 'memberId' in event ? [event.memberId] : [], agency: 'police', category: 'DOMESTIC_ABUSE' };
  switch (event.type) {
    case 'encompass.notified':
      return {
        kind: 'disclosure',
        actor: 'system',
        recipient: recipientOf(event),
        ...about,
        familyId: event.familyId,
        itemId: event.matchId,
        level: event.fieldSet.length === encompassFields.length ? 'full' : 'summary',
        lawfulBasis: policy.agencies.police?.categories.DOMESTIC_ABUSE?.roles['school-dsl']?.basis ?? 'public-task',
        policyVersion: event.policyVersion,
        detail: { path: 'encompass', notificationId: event.notificationId, fields: event.fieldSet.join(','), deadline: event.deadline, lateFromAgency: event.lateFromAgency },
      };
    case 'encompass.withheld':
      return {
        kind: 'refused',
        actor: 'system',
        recipient: recipientOf(event),
        ...about,
        familyId: event.familyId,
        itemId: event.matchId,
        justification: `withheld by recorded sharing decision ${event.decisionId}: sharing would be more detrimental to the child`,
        detail: { path: 'encompass', notificationId: event.notificationId, decisionId: event.decisionId },
      };
    case 'encompass.undeliverable':
    case 'encompass.acknowledged':
      return undefined;
  }
}
