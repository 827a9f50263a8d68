import type { MatchLinked } from '../contracts';
import { loadPolicy } from '../policy';
import { decideForChild, isChildOn, matchQualifies, type ChildOnRoll } from './decide-notification';
import { loadEncompassDirectory } from './schools-register';

const policy = loadPolicy();
const directory = loadEncompassDirectory();
const match: MatchLinked = {
  type: 'match.linked', matchId: 'm-1', familyId: 'F1', source: { topic: 'matches.v1', partition: 0, offset: '1' },
  event: {
    agency: 'police', organisation: 'Avon and Wessex Police', agencyEventId: 'AW-1', category: 'DOMESTIC_ABUSE',
    occurredAt: '2026-10-09T21:00:00Z', reportedAt: '2026-10-09T21:30:00Z', summary: 'Synthetic account', postcodeDistrict: 'BA1',
  },
  members: [{ memberId: 'M-CHILD', role: 'witness', reasons: ['name and date of birth'] }],
  explanation: 'synthetic', matcher: 'fellegi-sunter-v1', context: 'live', receivedAt: '2026-10-09T21:31:00Z', matchedAt: '2026-10-09T21:31:01Z',
};
const child: ChildOnRoll = { memberId: 'M-CHILD', givenName: 'Ysolde', familyName: 'Thistlewaite', dateOfBirth: '2016-05-14', role: 'witness', school: { urn: '990101' } };
const now = new Date('2026-10-09T21:32:00Z');

describe('deciding one child’s Encompass notification', () => {
  it('qualifies only live police domestic abuse', () => {
    expect(matchQualifies(match, policy)).toBe(true);
    expect(matchQualifies({ ...match, context: 'history' }, policy)).toBe(false);
    expect(matchQualifies({ ...match, event: { ...match.event, category: 'ARREST' } }, policy)).toBe(false);
    expect(matchQualifies({ ...match, event: { ...match.event, agency: 'housing', category: 'DOMESTIC_ABUSE' } }, policy)).toBe(false);
  });

  it('counts a child as under 18 until the day before their eighteenth birthday', () => {
    expect(isChildOn('2008-10-10', '2026-10-09')).toBe(true);
    expect(isChildOn('2008-10-09', '2026-10-09')).toBe(false);
  });

  it('tells the school on the roll, due at the start of its next school day, with exactly the force’s fields', () => {
    const { event, mailbox } = decideForChild({ match, child, directory, policy, withheldBy: undefined, now });
    expect(mailbox).toBe('dsl@avonford-primary.sch.example');
    expect(event).toMatchObject({ type: 'encompass.notified', recipient: { kind: 'school', urn: '990101' }, deadline: '2026-10-12T07:45:00.000Z', lateFromAgency: false });
    const lincolnshire = decideForChild({ match: { ...match, event: { ...match.event, organisation: 'Lincolnshire Police' } }, child, directory, policy, withheldBy: undefined, now });
    expect(lincolnshire.event.type === 'encompass.notified' && Object.keys(lincolnshire.event.content).sort()).toEqual(['child', 'occurredAt', 'policeReference']);
  });

  it('routes a home-educated child to the council team, and reports a child with no school, or a school not in the register, as undeliverable', () => {
    expect(decideForChild({ match, child: { ...child, school: { homeEducated: true } }, directory, policy, withheldBy: undefined, now }).event).toMatchObject({ recipient: { kind: 'council-team' } });
    expect(decideForChild({ match, child: { ...child, school: null }, directory, policy, withheldBy: undefined, now }).event).toMatchObject({ type: 'encompass.undeliverable', reasonCode: 'no-school-known' });
    expect(decideForChild({ match, child: { ...child, school: { urn: '123456' } }, directory, policy, withheldBy: undefined, now }).event).toMatchObject({ type: 'encompass.undeliverable', reasonCode: 'school-not-in-register' });
  });

  it('withholds with the decision’s id and no content when a decision is in force', () => {
    const { event, mailbox } = decideForChild({ match, child, directory, policy, withheldBy: 'dec-1', now });
    expect(event).toMatchObject({ type: 'encompass.withheld', decisionId: 'dec-1' });
    expect('content' in event).toBe(false);
    expect(mailbox).toBeUndefined();
  });

  it('marks an event that reached us after the deadline as late from the agency', () => {
    const late = decideForChild({ match: { ...match, receivedAt: '2026-10-12T09:00:00Z' }, child, directory, policy, withheldBy: undefined, now: new Date('2026-10-12T09:01:00Z') });
    expect(late.event).toMatchObject({ type: 'encompass.notified', lateFromAgency: true });
  });
});
