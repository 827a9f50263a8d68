import type { Agency } from '../contracts';
import { parseCriteriaSet, type CriteriaSet } from './criteria-set';
import { evaluateCriteria, type LinkedEvent } from './evaluate';
import { periodEnding } from './period';

const asOf = '2026-03-29';
const criteria = (...entries: object[]): CriteriaSet => parseCriteriaSet({ version: 'test', criteria: entries }, 'test');
const domesticAbuse = { id: 'repeat-domestic-abuse', says: 'two or more domestic-abuse call-outs', events: [{ agency: 'police', categories: ['DOMESTIC_ABUSE'] }], minEvents: 2, withinDays: 365 };
const selfHarm = { id: 'self-harm', says: 'any self-harm', events: [{ agency: 'health', categories: ['SELF_HARM'] }], minEvents: 1, withinDays: 180, counts: 'person' };

let sequence = 0;
/** An event `daysBefore` whole days before the as-of date, at noon London time. */
function event(familyId: string, agency: Agency, category: string, daysBefore: number, memberIds: string[] = []): LinkedEvent {
  const noon = periodEnding(asOf, daysBefore + 1).from + 12 * 3_600_000;
  return { familyId, eventKey: `${agency}:E${++sequence}`, memberIds, agency, category, occurredAt: noon };
}
const when = (set: CriteriaSet, families: string[], events: LinkedEvent[]) => Object.fromEntries(evaluateCriteria(set, asOf, families, events).map((r) => [r.familyId, r]));

describe('evaluating a criterion over a household\'s events', () => {
  it('given two police domestic-abuse call-outs within a year, the household meets "two or more in 365 days"; with one, it does not', () => {
    const result = when(criteria(domesticAbuse), ['F1', 'F2'], [
      event('F1', 'police', 'DOMESTIC_ABUSE', 3), event('F1', 'police', 'DOMESTIC_ABUSE', 300),
      event('F2', 'police', 'DOMESTIC_ABUSE', 10), event('F2', 'police', 'ARREST', 11), event('F2', 'housing', 'ANTI_SOCIAL_BEHAVIOUR_REPORT', 12),
    ]);
    expect(result.F1).toEqual({ familyId: 'F1', counts: { 'repeat-domestic-abuse': 2 }, met: ['repeat-domestic-abuse'] });
    expect(result.F2).toEqual({ familyId: 'F2', counts: { 'repeat-domestic-abuse': 1 }, met: [] });
  });

  it('counts whole calendar days ending on the as-of date: day 365 back is in, day 366 back is out, and so is anything after the date', () => {
    const result = when(criteria(domesticAbuse), ['F1'], [
      event('F1', 'police', 'DOMESTIC_ABUSE', 0), event('F1', 'police', 'DOMESTIC_ABUSE', 364), event('F1', 'police', 'DOMESTIC_ABUSE', 365), event('F1', 'police', 'DOMESTIC_ABUSE', -1),
    ]);
    expect(result.F1.counts['repeat-domestic-abuse']).toBe(2);
    expect(periodEnding(asOf, 365)).toMatchObject({ firstDate: '2025-03-30', lastDate: '2026-03-29' });
  });

  it('a household-level criterion adds up every member\'s events; a person-level one needs them of one member, and an address-only link names nobody', () => {
    const twoEach = { ...selfHarm, id: 'self-harm-twice', minEvents: 2 };
    const household = { ...twoEach, id: 'self-harm-household', counts: 'household' };
    const result = when(criteria(twoEach, household), ['F1', 'F2'], [
      event('F1', 'health', 'SELF_HARM', 1, ['F1-M1']), event('F1', 'health', 'SELF_HARM', 2, ['F1-M2']),
      event('F2', 'health', 'SELF_HARM', 1, ['F2-M1']), event('F2', 'health', 'SELF_HARM', 2, ['F2-M1']), event('F2', 'health', 'SELF_HARM', 3, []),
    ]);
    expect(result.F1).toMatchObject({ counts: { 'self-harm-twice': 1, 'self-harm-household': 2 }, met: ['self-harm-household'] });
    expect(result.F2).toMatchObject({ counts: { 'self-harm-twice': 2, 'self-harm-household': 3 }, met: ['self-harm-twice', 'self-harm-household'] });
  });

  it('an agency without categories means any category of that agency, and never another agency\'s events', () => {
    const school = { id: 'school', says: 'any school concern', events: [{ agency: 'education' }], minEvents: 2, withinDays: 30 };
    const result = when(criteria(school), ['F1'], [event('F1', 'education', 'PERSISTENT_ABSENCE', 1), event('F1', 'education', 'DISCLOSURE', 2), event('F1', 'police', 'CHILD_CONCERN', 3)]);
    expect(result.F1.counts.school).toBe(2);
  });

  it('one incident linked twice (or sent twice) counts once', () => {
    const first = event('F1', 'police', 'DOMESTIC_ABUSE', 1);
    expect(when(criteria(domesticAbuse), ['F1'], [first, { ...first }]).F1.counts['repeat-domestic-abuse']).toBe(1);
  });

  it('a household with no events is evaluated (it meets nothing), and events of a family not in the programme then are ignored', () => {
    const result = evaluateCriteria(criteria(domesticAbuse), asOf, ['F1'], [event('F9', 'police', 'DOMESTIC_ABUSE', 1), event('F9', 'police', 'DOMESTIC_ABUSE', 2)]);
    expect(result).toEqual([{ familyId: 'F1', counts: { 'repeat-domestic-abuse': 0 }, met: [] }]);
  });

  it('the as-of day is a local day: on the day the clocks go forward it is 23 hours long', () => {
    const period = periodEnding(asOf, 1);
    expect((period.to - period.from) / 3_600_000).toBe(23);
    expect(new Date(period.from).toISOString()).toBe('2026-03-29T00:00:00.000Z');
  });
});
