import { categoryInfo, codeListByAgency, recipientRoles, type Agency, type DigestItem, type MatchLinked } from '../contracts';
import { consentGiven, consentWithdrawn, linkedEvent } from './policy-fixture';
import { applyPolicy, type PolicyContext } from './disclosure';
import { contactFor, loadPolicy } from './policy';

const policy = loadPolicy();

/** The item as the digest builds it before the policy: everything the agency said. */
function fullItem(match: MatchLinked): DigestItem {
  const { agency, category } = match.event;
  return {
    matchId: match.matchId,
    familyId: match.familyId,
    familyReference: 'SF-QUILL-77',
    riskLevel: 'high',
    rule: { id: `${agency}.${category}`, version: '2026.1' },
    ratedBecause: `rated from ${category}`,
    timing: 'new',
    agency,
    organisation: match.event.organisation,
    category,
    categoryLabel: categoryInfo(agency, category)?.label ?? category,
    occurredAt: match.event.occurredAt,
    reportedAt: match.event.reportedAt,
    area: 'BA2',
    summary: match.event.summary,
    whyMatched: match.explanation,
  };
}

const apply = (match: MatchLinked, context: Partial<PolicyContext> = {}) =>
  applyPolicy(fullItem(match), { policy, role: 'lead-practitioner', consent: [consentGiven()], match, ...context });

const matrix = (Object.keys(codeListByAgency) as Agency[]).flatMap((agency) =>
  Object.keys(codeListByAgency[agency]).flatMap((category) => recipientRoles.map((role) => [agency, category, role] as const)),
);

describe('every agency, category and role of the built-in policy', () => {
  it.each(matrix)('%s %s to a %s is disclosed at exactly the policy’s level', (agency, category, role) => {
    const rule = policy.agencies[agency].categories[category].roles[role];
    const match = linkedEvent(agency, category);
    const result = apply(match, { role });
    const label = categoryInfo(agency, category)?.label ?? category;
    if (rule.level === 'none') {
      expect(result).toEqual({ withheld: 'not-shared-with-role' });
      return;
    }
    if (!('disclosed' in result)) throw new Error(`withheld: ${result.withheld}`);
    const item = result.disclosed;
    expect(item.disclosure).toEqual(expect.objectContaining({ level: rule.level, basis: rule.basis }));
    expect(item.disclosure?.withoutConsent).toBeUndefined();
    const everything = JSON.stringify(item);
    switch (rule.level) {
      case 'full':
        expect(item).toEqual({ ...fullItem(match), disclosure: { level: 'full', basis: rule.basis } });
        break;
      case 'summary':
        expect(item).toEqual(expect.objectContaining({ category, categoryLabel: label, occurredAt: match.event.occurredAt, area: 'BA2' }));
        expect(item.summary).toBeUndefined();
        expect(item.whyMatched).toBe('a family member: name and date of birth agree');
        for (const detail of ['Rhiannon', 'Quillfeather', 'victim']) expect(everything).not.toContain(detail);
        break;
      case 'existence-only':
        for (const field of ['category', 'categoryLabel', 'occurredAt', 'reportedAt', 'area', 'summary', 'whyMatched'] as const) {
          expect(item[field]).toBeUndefined();
        }
        for (const detail of [category, label, '2026-03-28', 'BA2', 'Rhiannon', 'victim']) expect(everything).not.toContain(detail);
        expect(item.disclosure?.contact).toBe(contactFor(policy, agency, match.event.organisation));
        expect(item.riskLevel).toBe('information');
        break;
    }
  });
});

describe('consent and lawful basis', () => {
  const arrest = linkedEvent('police', 'ARREST'); // consent-based for a lead practitioner
  const childConcern = linkedEvent('police', 'CHILD_CONCERN'); // public task
  const domesticAbuse = linkedEvent('police', 'DOMESTIC_ABUSE'); // vital interests
  const member = 'F-TEST-1-M1';

  it('a withdrawn consent removes consent-based items from the next digest', () => {
    expect(apply(arrest, { consent: [consentWithdrawn()] })).toEqual({ withheld: 'consent-withdrawn' });
    expect(apply(arrest, { consent: [consentGiven(), consentWithdrawn(member)] })).toEqual({ withheld: 'consent-withdrawn' });
  });

  it('a family with no consent recorded is not shared about on consent', () => {
    expect(apply(arrest, { consent: [] })).toEqual({ withheld: 'no-consent-recorded' });
  });

  it('a member’s own consent counts before the family’s', () => {
    expect(apply(arrest, { consent: [consentWithdrawn(), consentGiven(member)] })).toMatchObject({ disclosed: { disclosure: { basis: 'consent' } } });
  });

  it('an event linked by address alone follows the family’s consent', () => {
    const household = linkedEvent('police', 'ARREST', { members: [], householdReason: "at the family's address (same UPRN)" });
    expect(apply(household, { consent: [consentGiven(), consentWithdrawn(member)] })).toMatchObject({ disclosed: { whyMatched: household.explanation } });
    expect(apply(household, { consent: [consentWithdrawn()] })).toEqual({ withheld: 'consent-withdrawn' });
  });

  it('consent not required because of a recorded statutory basis shares a consent-based item on that basis', () => {
    expect(apply(arrest, { consent: [consentGiven('', 'public-task')] })).toMatchObject({ disclosed: { disclosure: { level: 'full', basis: 'public-task' } } });
  });

  it('a safeguarding override with a justification shares and marks the item', () => {
    const override = consentGiven('', 'vital-interests', 'children at risk of serious harm (MASH decision 12 March)');
    const result = apply(arrest, { consent: [override, consentWithdrawn(member)] });
    expect(result).toMatchObject({
      disclosed: { disclosure: { level: 'full', basis: 'vital-interests', withoutConsent: { justification: 'children at risk of serious harm (MASH decision 12 March)' } } },
    });
  });

  it('vital interests recorded without a justification is not enough to share without consent', () => {
    expect(apply(arrest, { consent: [consentGiven('', 'vital-interests')] })).toEqual({ withheld: 'safeguarding-without-justification' });
  });

  it('public-task items are shared whatever the consent', () => {
    for (const consent of [[], [consentWithdrawn()], [consentGiven()]]) {
      expect(apply(childConcern, { consent })).toMatchObject({ disclosed: { disclosure: { level: 'full', basis: 'public-task' } } });
      expect('withoutConsent' in ((apply(childConcern, { consent }) as { disclosed: DigestItem }).disclosed.disclosure ?? {})).toBe(false);
    }
  });

  it('an item the policy shares under vital interests is marked, with the agreement’s justification, when the family has not consented', () => {
    expect(apply(domesticAbuse, { consent: [consentGiven()] })).toMatchObject({ disclosed: { disclosure: { basis: 'vital-interests' } } });
    expect((apply(domesticAbuse, { consent: [consentGiven()] }) as { disclosed: DigestItem }).disclosed.disclosure?.withoutConsent).toBeUndefined();
    expect(apply(domesticAbuse, { consent: [consentWithdrawn()] })).toMatchObject({
      disclosed: { disclosure: { basis: 'vital-interests', withoutConsent: { justification: policy.agencies.police.categories.DOMESTIC_ABUSE.justification } } },
    });
  });
});
