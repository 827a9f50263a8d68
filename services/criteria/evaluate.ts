import type { Agency } from '../contracts';
import type { CriteriaSet, Criterion, EventSelector } from './criteria-set';
import { periodEnding, type Period } from './period';

/**
 * Which households meet which criteria, as of a date: a pure function of the criteria, the
 * households in the programme then and the events linked to them (already cut to what had reached us
 * by then). Nothing here knows who anyone is; the report pseudonymises, the list is gated.
 */
export type LinkedEvent = Readonly<{
  familyId: string;
  /** Agency and the agency's own event id: one incident counts once even if it was linked twice. */
  eventKey: string;
  /** The cohort members the event names; empty when it was linked by the household's address alone. */
  memberIds: readonly string[];
  agency: Agency;
  category: string;
  occurredAt: number;
}>;

export type HouseholdResult = Readonly<{
  familyId: string;
  /** Per criterion id: the household's events in its period, or the most of any one member's for a person-level criterion. */
  counts: Readonly<Record<string, number>>;
  /** The ids of the criteria met, in the file's order. */
  met: readonly string[];
}>;

const selects = (selectors: readonly EventSelector[], event: LinkedEvent) =>
  selectors.some((selector) => selector.agency === event.agency && (!selector.categories || selector.categories.includes(event.category)));

/** The count a criterion compares with its minimum, for one household's events. */
export function criterionCount(criterion: Criterion, period: Period, events: readonly LinkedEvent[]): number {
  const relevant = new Map<string, LinkedEvent>();
  for (const event of events) {
    if (event.occurredAt >= period.from && event.occurredAt < period.to && selects(criterion.events, event)) relevant.set(event.eventKey, event);
  }
  if (criterion.counts === 'household') return relevant.size;
  const perMember = new Map<string, number>();
  for (const event of relevant.values()) {
    for (const member of new Set(event.memberIds)) perMember.set(member, (perMember.get(member) ?? 0) + 1);
  }
  return Math.max(0, ...perMember.values());
}

export function evaluateCriteria(set: CriteriaSet, asOf: string, familyIds: readonly string[], events: readonly LinkedEvent[]): HouseholdResult[] {
  const periods = new Map(set.criteria.map((criterion) => [criterion.id, periodEnding(asOf, criterion.withinDays)]));
  const byFamily = new Map<string, LinkedEvent[]>();
  for (const event of events) byFamily.set(event.familyId, [...(byFamily.get(event.familyId) ?? []), event]);
  return [...new Set(familyIds)].sort().map((familyId) => {
    const own = byFamily.get(familyId) ?? [];
    const counts = Object.fromEntries(set.criteria.map((criterion) => [criterion.id, criterionCount(criterion, periods.get(criterion.id) as Period, own)]));
    return { familyId, counts, met: set.criteria.filter((criterion) => counts[criterion.id] >= criterion.minEvents).map((criterion) => criterion.id) };
  });
}
