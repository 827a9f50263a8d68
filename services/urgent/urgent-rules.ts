import type { Agency } from '../contracts';
import { ageAt } from '../retention/plan';
import type { RuleSet, UrgentRule } from '../risk';

/** A newly linked event, as the urgent rules see it. */
export type UrgentCandidate = Readonly<{
  matchId: string;
  agency: Agency;
  category: string;
  occurredAt: string;
  /** Dates of birth (YYYY-MM-DD) of the cohort members the event is linked to, where known. */
  linkedBirthDates: readonly string[];
}>;

/** An event already linked to the same family: what a combination rule counts. */
export type FamilyEvent = Readonly<{ matchId: string; agency: Agency; category: string; occurredAt: string }>;

export type UrgentFinding = Readonly<{ rule: Readonly<{ id: string; version: string }>; says: string }>;

const hourMs = 3_600_000;

/**
 * The urgent rules an event meets, in the order the rules file lists them. Pure: the family's other
 * events (`recent`, this one may be among them) are given. A combination counts events whose times
 * lie within `withinHours` of this one, either side, since agencies report late and out of order:
 * whichever of two call-outs reaches us second raises the alert.
 */
export function urgentFindings(rules: RuleSet, candidate: UrgentCandidate, recent: readonly FamilyEvent[]): UrgentFinding[] {
  return rules.urgent
    .filter((rule) => meets(rule, candidate, recent))
    .map((rule) => ({ rule: { id: rule.id, version: rules.version }, says: rule.says }));
}

function meets(rule: UrgentRule, candidate: UrgentCandidate, recent: readonly FamilyEvent[]): boolean {
  if (rule.agency !== candidate.agency || !rule.categories.includes(candidate.category)) return false;
  if (rule.linkedChildUnder !== undefined) {
    const occurred = new Date(candidate.occurredAt);
    if (!candidate.linkedBirthDates.some((dateOfBirth) => ageAt(dateOfBirth, occurred) < (rule.linkedChildUnder as number))) return false;
  }
  if (rule.minEvents !== undefined && rule.withinHours !== undefined) {
    const at = Date.parse(candidate.occurredAt);
    const span = rule.withinHours * hourMs;
    const counted = new Set([candidate.matchId]);
    for (const event of recent) {
      if (event.agency === rule.agency && rule.categories.includes(event.category) && Math.abs(Date.parse(event.occurredAt) - at) <= span) counted.add(event.matchId);
    }
    if (counted.size < rule.minEvents) return false;
  }
  return true;
}
