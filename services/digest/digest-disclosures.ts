import type { AuditEntryInput } from '../audit';
import type { DigestIssued, MatchLinked } from '../contracts';

/**
 * What a digest discloses, as audit entries: one per item, to the practitioner it is for, about the
 * members it concerns, at the level and on the basis the sharing policy allowed, under the policy's
 * version. Pure. Ids only: the audit log never holds names or dates of birth. The category is
 * recorded even where the practitioner saw only that something happened, because the record is for
 * governance officers answering "what was shared about me, and why".
 */
export function disclosuresOf(digest: DigestIssued, matches: ReadonlyMap<string, MatchLinked>): AuditEntryInput[] {
  const entries: AuditEntryInput[] = [];
  for (const family of digest.families) {
    for (const item of family.items) {
      if (!item.disclosure || !digest.policyVersion) continue; // issued before the sharing policy
      const match = matches.get(item.matchId);
      entries.push({
        kind: 'disclosure',
        actor: 'system',
        recipient: digest.practitionerId,
        subjectMemberIds: [...new Set(match?.members.map((member) => member.memberId) ?? [])],
        familyId: item.familyId,
        itemId: item.matchId,
        digestId: digest.digestId,
        agency: item.agency,
        category: match?.event.category ?? item.category,
        level: item.disclosure.level,
        lawfulBasis: item.disclosure.basis,
        policyVersion: digest.policyVersion,
        ...(item.disclosure.withoutConsent ? { justification: item.disclosure.withoutConsent.justification } : {}),
        detail: {
          channel: 'digest',
          timing: item.timing,
          ...(digest.recipientRole ? { recipientRole: digest.recipientRole } : {}),
          ...(item.disclosure.withoutConsent ? { withoutConsent: true } : {}),
        },
      });
    }
  }
  return entries;
}
