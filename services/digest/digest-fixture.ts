import type { DigestItem, DigestIssued, FamilyDigest } from '../contracts';
import type { DigestInput } from './build-digest';

/**
 * Hand-written digests for unit tests of the page and the notification email. All data is
 * synthetic; the names and summaries are distinctive so a test can prove they do not leak.
 */
export function digestItem(overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    matchId: 'm-1',
    familyId: 'F-TEST-1',
    familyReference: 'SF-QUILL-77',
    riskLevel: 'high',
    rule: { id: 'police.domestic-abuse', version: '2026.1' },
    ratedBecause: 'Police report a domestic abuse incident',
    timing: 'new',
    agency: 'police',
    organisation: 'Avon and Wessex Police',
    category: 'DOMESTIC_ABUSE',
    categoryLabel: 'Domestic abuse incident',
    occurredAt: '2026-11-20T21:00:00+00:00',
    reportedAt: '2026-11-20T22:15:00+00:00',
    area: 'BA2',
    summary: 'Rhiannon Quillfeather reported a disturbance at home',
    whyMatched: 'Name and date of birth match Rhiannon Quillfeather',
    ...overrides,
  };
}

export function familyDigest(items: DigestItem[], overrides: Partial<FamilyDigest> = {}): FamilyDigest {
  return {
    familyId: items[0]?.familyId ?? 'F-TEST-1',
    familyReference: items[0]?.familyReference ?? 'SF-QUILL-77',
    riskLevel: items[0]?.riskLevel ?? 'information',
    findings: [],
    items,
    ...overrides,
  };
}

export function digestIssued(families: FamilyDigest[], overrides: Partial<DigestIssued> = {}): DigestIssued {
  const live = families.flatMap((family) => family.items).filter((item) => item.timing !== 'history');
  const count = (level: DigestItem['riskLevel']) => live.filter((item) => item.riskLevel === level).length;
  return {
    type: 'digest.issued',
    digestId: 'd-0123456789abcdef0123456789abcdef',
    practitionerId: 'P-T1',
    practitionerName: 'Pat Tester',
    date: '2026-11-21',
    window: { from: '2026-11-20T07:00:00+00:00', to: '2026-11-21T07:00:00+00:00' },
    cutOff: '2026-11-21T07:00:00+00:00',
    ruleSetVersion: '2026.1',
    generatedAt: '2026-11-21T07:00:05+00:00',
    counts: { high: count('high'), medium: count('medium'), low: count('low'), information: count('information') },
    families,
    ...overrides,
  };
}

/** The day every digest-building test is about: 29 March 2026, whose window is 23 hours (clocks go forward). */
export const digestDay: Pick<DigestInput, 'date' | 'window' | 'cutOff' | 'lateFrom' | 'generatedAt'> = {
  date: '2026-03-29',
  window: { from: '2026-03-28T07:00:00+00:00', to: '2026-03-29T07:00:00+01:00' },
  cutOff: '2026-03-29T07:00:05+01:00',
  lateFrom: '2026-03-14T07:00:00+00:00',
  generatedAt: '2026-03-29T06:00:05Z',
};
