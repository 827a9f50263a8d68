import type { CohortEvent } from '../contracts';

/**
 * How a batch of cohort events can be applied a kind at a time instead of an event at a time.
 *
 * Events of different families write different rows: a family's own row, addresses, consents, and
 * its members and their schools. So only each family's own order matters, and the batch is cut
 * into waves: wave n holds the n-th step of every family that has one, where a run of a family's
 * member events with no other event of that family between them is one step (one upsert). Applying the waves in order applies
 * every family's events in order. The one table families share, practitioners, is left to the
 * caller (see cohort-projection.ts).
 *
 * A member named under two families in one batch would make two families' steps write one row;
 * then each event is a wave of its own, in topic order, which is applying them in turn.
 */
export type MemberEvent = Extract<CohortEvent, { type: 'member.added' | 'member.updated' }>;
export type FamilyEvent = Exclude<CohortEvent, MemberEvent>;
export type Step = Readonly<{ kind: 'members'; events: MemberEvent[] }> | Readonly<{ kind: 'event'; event: FamilyEvent }>;

export const isMemberEvent = (event: CohortEvent): event is MemberEvent => event.type === 'member.added' || event.type === 'member.updated';

export function wavesOf(events: readonly CohortEvent[]): Step[][] {
  if (membersNamedUnderTwoFamilies(events)) return events.map((event) => [stepOf(event)]);
  const stepsByFamily = new Map<string, Step[]>();
  for (const event of events) {
    const steps = stepsByFamily.get(event.familyId) ?? [];
    stepsByFamily.set(event.familyId, steps);
    const last = steps.at(-1);
    if (isMemberEvent(event) && last?.kind === 'members') last.events.push(event);
    else steps.push(stepOf(event));
  }
  const waves: Step[][] = [];
  for (const steps of stepsByFamily.values()) steps.forEach((step, n) => (waves[n] ??= []).push(step));
  return waves;
}

const stepOf = (event: CohortEvent): Step => (isMemberEvent(event) ? { kind: 'members', events: [event] } : { kind: 'event', event });

function membersNamedUnderTwoFamilies(events: readonly CohortEvent[]): boolean {
  const familyOf = new Map<string, string>();
  for (const event of events) {
    if (!('memberId' in event) || event.memberId === undefined) continue;
    const seen = familyOf.get(event.memberId);
    if (seen !== undefined && seen !== event.familyId) return true;
    familyOf.set(event.memberId, event.familyId);
  }
  return false;
}
