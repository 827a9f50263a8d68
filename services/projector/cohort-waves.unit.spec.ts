import type { CohortEvent } from '../contracts';
import { wavesOf, type Step } from './cohort-waves';

const at = '2026-03-01T09:00:00Z';
const enrolled = (eventId: string, familyId: string): CohortEvent => ({ type: 'family.enrolled', eventId, familyId, recordedAt: at, reference: `SF-${familyId}`, address: { line1: '1 Test Row', postcode: 'BA1 1AA' } });
const added = (eventId: string, familyId: string, memberId: string): CohortEvent => ({ type: 'member.added', eventId, familyId, recordedAt: at, memberId, details: { givenName: 'Ann', familyName: 'Testwell' } });
const removed = (eventId: string, familyId: string, memberId: string): CohortEvent => ({ type: 'member.removed', eventId, familyId, recordedAt: at, memberId });
const closed = (eventId: string, familyId: string): CohortEvent => ({ type: 'family.closed', eventId, familyId, recordedAt: at, reason: 'case closed' });

/** Each wave as the event ids of its steps, a members step as its ids joined by '+'. */
const ids = (waves: Step[][]) => waves.map((wave) => wave.map((step) => (step.kind === 'members' ? step.events.map((event) => event.eventId).join('+') : step.event.eventId)));

describe('cutting a batch of cohort events into waves', () => {
  it('puts the nth step of each family in wave n, a family\'s member events between its other events being one step', () => {
    const batch = [enrolled('a1', 'A'), added('a2', 'A', 'A-1'), enrolled('b1', 'B'), added('a3', 'A', 'A-2'), added('b2', 'B', 'B-1'), closed('a4', 'A'), removed('b3', 'B', 'B-1'), added('a5', 'A', 'A-3')];
    expect(ids(wavesOf(batch))).toEqual([['a1', 'b1'], ['a2+a3', 'b2'], ['a4', 'b3'], ['a5']]);
  });

  it('keeps every family\'s events in their order', () => {
    const batch = [enrolled('a1', 'A'), enrolled('b1', 'B'), closed('b2', 'B'), closed('a2', 'A'), enrolled('a3', 'A')];
    const waves = ids(wavesOf(batch));
    const positionOf = (id: string) => waves.findIndex((wave) => wave.includes(id));
    expect(positionOf('a1')).toBeLessThan(positionOf('a2'));
    expect(positionOf('a2')).toBeLessThan(positionOf('a3'));
    expect(positionOf('b1')).toBeLessThan(positionOf('b2'));
  });

  it('falls back to one event per wave, in topic order, when a member is named under two families', () => {
    const batch = [added('a1', 'A', 'M'), enrolled('b1', 'B'), added('b2', 'B', 'M'), added('a2', 'A', 'A-1')];
    expect(ids(wavesOf(batch))).toEqual([['a1'], ['b1'], ['b2'], ['a2']]);
  });

  it('has no waves for no events', () => {
    expect(wavesOf([])).toEqual([]);
  });
});
