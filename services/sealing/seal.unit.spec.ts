import { randomBytes } from 'node:crypto';
import { cohortEvent, cohortEventOnWire, digestIssuedOnWire, matchLinkedOnWire, type CohortEvent } from '../contracts';
import { LiveRiskError } from '../platform/errors';
import type { FamilyKeys, KeyForOpening } from './family-keys';
import { openSealed, sealEvent } from './seal';

/** Keys in memory: what the keyring does without PostgreSQL. */
class MemoryKeys implements FamilyKeys {
  readonly keys = new Map<string, Buffer | 'erased'>();
  async forSealing(familyId: string): Promise<Buffer> {
    const key = this.keys.get(familyId) ?? randomBytes(32);
    if (key === 'erased') throw new LiveRiskError('FAMILY_ERASED', familyId);
    this.keys.set(familyId, key);
    return key;
  }
  async forOpening(familyId: string): Promise<KeyForOpening> {
    return this.keys.get(familyId) ?? 'none';
  }
}

const member: CohortEvent = {
  type: 'member.added', eventId: 'E-1', familyId: 'F-1', recordedAt: '2026-03-01T09:00:00Z', memberId: 'M-1',
  details: { givenName: 'Araminta', familyName: 'Quillfeather', dateOfBirth: '2012-02-29', identifiers: { nhsNumber: '9434765919' } },
};

describe('sealing a family’s personal fields', () => {
  it('takes the personal fields out, leaves ids and times in clear, and the wire schema accepts it', async () => {
    const keys = new MemoryKeys();
    const sealed = (await sealEvent(keys, 'test.cohort.events.v1', member)) as Record<string, unknown>;
    expect(sealed).toEqual({ type: 'member.added', eventId: 'E-1', familyId: 'F-1', recordedAt: '2026-03-01T09:00:00Z', memberId: 'M-1', sealed: expect.objectContaining({ v: 1 }) });
    expect(JSON.stringify(sealed)).not.toMatch(/Araminta|Quillfeather|2012-02-29|9434765919/);
    expect(cohortEventOnWire.safeParse(sealed).success).toBe(true);
    expect(cohortEvent.safeParse(sealed).success).toBe(false);
  });

  it('opens to exactly the event that was sealed', async () => {
    const keys = new MemoryKeys();
    const sealed = await sealEvent(keys, 'test.cohort.events.v1', member);
    expect(await openSealed(keys, 'test.cohort.events.v1', sealed)).toEqual({ kind: 'open', document: member });
  });

  it('reads an event published in clear before sealing as it is', async () => {
    expect(await openSealed(new MemoryKeys(), 'cohort.events.v1', member)).toEqual({ kind: 'open', document: member });
  });

  it('reads an erased family’s events, sealed or clear, as erased with their clear fields only', async () => {
    const keys = new MemoryKeys();
    const sealed = await sealEvent(keys, 'cohort.events.v1', member);
    keys.keys.set('F-1', 'erased');
    for (const event of [sealed, member]) {
      const opened = await openSealed(keys, 'cohort.events.v1', event);
      expect(opened).toEqual({ kind: 'erased', familyId: 'F-1', clear: expect.objectContaining({ eventId: 'E-1', type: 'member.added' }) });
      expect(JSON.stringify(opened)).not.toMatch(/Araminta|Quillfeather/);
    }
    await expect(sealEvent(keys, 'cohort.events.v1', member)).rejects.toThrow(LiveRiskError);
  });

  it('refuses a sealed part moved to another family (the family id is authenticated)', async () => {
    const keys = new MemoryKeys();
    const sealed = (await sealEvent(keys, 'cohort.events.v1', member)) as Record<string, unknown>;
    keys.keys.set('F-2', keys.keys.get('F-1') as Buffer);
    await expect(openSealed(keys, 'cohort.events.v1', { ...sealed, familyId: 'F-2' })).rejects.toThrow(/authenticate/);
  });

  it('says the key table is missing rather than reading a sealed event as empty', async () => {
    const sealed = await sealEvent(new MemoryKeys(), 'cohort.events.v1', member);
    await expect(openSealed(new MemoryKeys(), 'cohort.events.v1', sealed)).rejects.toMatchObject({ code: 'FAMILY_KEY_MISSING' });
  });

  it('seals each family of a digest with its own key, and drops only the erased family’s entry, recounting the items', async () => {
    const keys = new MemoryKeys();
    const item = (familyId: string, riskLevel: 'high' | 'low') => ({
      matchId: `${familyId}-m`, familyId, familyReference: `${familyId}-ref`, riskLevel, rule: { id: 'r', version: '1' }, ratedBecause: 'because', timing: 'new' as const,
      agency: 'police' as const, organisation: 'Police', summary: 'Araminta was seen',
    });
    const digest = {
      type: 'digest.issued', digestId: 'D-1', practitionerId: 'P-1', practitionerName: 'Pat', date: '2026-03-28',
      window: { from: '2026-03-27T06:00:00Z', to: '2026-03-28T06:00:00Z' }, cutOff: '2026-03-28T06:00:00Z', ruleSetVersion: '1', generatedAt: '2026-03-28T06:00:01Z',
      counts: { high: 1, medium: 0, low: 1, information: 0 },
      families: [
        { familyId: 'F-1', familyReference: 'F-1-ref', riskLevel: 'high', findings: [], items: [item('F-1', 'high')] },
        { familyId: 'F-2', familyReference: 'F-2-ref', riskLevel: 'low', findings: [], items: [item('F-2', 'low')] },
      ],
    };
    const sealed = await sealEvent(keys, 'digests.v1', digest);
    expect(digestIssuedOnWire.safeParse(sealed).success).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Araminta');
    expect(await openSealed(keys, 'digests.v1', sealed)).toEqual({ kind: 'open', document: digest });
    keys.keys.set('F-1', 'erased');
    const opened = await openSealed(keys, 'digests.v1', sealed);
    expect(opened).toEqual({ kind: 'open', document: { ...digest, counts: { high: 0, medium: 0, low: 1, information: 0 }, families: [digest.families[1]] } });
  });

  it('leaves a match’s routing in clear and seals what it says about people', async () => {
    const match = {
      type: 'match.linked', matchId: 'X-1', familyId: 'F-1', source: { topic: 'police.incidents.v1', partition: 0, offset: '1' },
      event: { agency: 'police', organisation: 'Police', agencyEventId: 'A-1', category: 'ARREST', occurredAt: '2026-03-28T10:00:00Z', reportedAt: '2026-03-28T11:00:00Z', postcodeDistrict: 'BA2' },
      members: [{ memberId: 'M-1', role: 'subject', reasons: ['Araminta: name and date of birth agree'] }],
      explanation: 'subject Araminta: name and date of birth agree', matcher: 'fellegi-sunter-v1', context: 'live',
      receivedAt: '2026-03-28T11:00:00Z', matchedAt: '2026-03-28T11:00:01Z',
    };
    const sealed = (await sealEvent(new MemoryKeys(), 'matches.v1', match)) as Record<string, unknown>;
    expect(Object.keys(sealed).sort()).toEqual(['context', 'familyId', 'matchId', 'matchedAt', 'matcher', 'receivedAt', 'sealed', 'source', 'type']);
    expect(matchLinkedOnWire.safeParse(sealed).success).toBe(true);
  });
});
