import type { Agency, MatchLinked } from '../contracts';
import { stableId } from '../platform/ids';
import type { ConsentRecord } from './consent';
import { loadPolicy, type Policy } from './policy';

/** Synthetic inputs for policy tests: a linked event about one member, and consent records. */
export function linkedEvent(agency: Agency, category: string, overrides: Partial<MatchLinked> = {}): MatchLinked {
  return {
    type: 'match.linked',
    matchId: stableId('m', agency, category),
    familyId: 'F-TEST-1',
    source: { topic: 't', partition: 0, offset: '0' },
    event: {
      agency,
      organisation: { police: 'Avon and Wessex Police', housing: 'Riverside Homes', health: 'Wessex Partnership NHS Trust', education: 'Larkspur Primary School' }[agency],
      agencyEventId: stableId('e', agency, category),
      category,
      occurredAt: '2026-03-28T21:00:00+00:00',
      reportedAt: '2026-03-28T22:00:00+00:00',
      summary: 'Rhiannon Quillfeather told officers about the argument',
      postcodeDistrict: 'BA2',
    },
    members: [{ memberId: 'F-TEST-1-M1', role: 'victim', reasons: ['name and date of birth agree'] }],
    explanation: 'victim Rhiannon: name and date of birth agree',
    matcher: 'test',
    context: 'live',
    receivedAt: '2026-03-28T22:05:00+00:00',
    matchedAt: '2026-03-28T22:05:00+00:00',
    ...overrides,
  };
}

export const consentGiven = (memberId = '', basis: ConsentRecord['basis'] = 'consent', justification: string | null = null): ConsentRecord => ({
  memberId,
  status: 'given',
  basis,
  justification,
});

export const consentWithdrawn = (memberId = ''): ConsentRecord => ({ memberId, status: 'withdrawn', basis: null, justification: null });

/** The built-in policy as plain JSON, to edit into variants. */
export const builtInPolicyJson = (): Policy => JSON.parse(JSON.stringify(loadPolicy())) as Policy;
