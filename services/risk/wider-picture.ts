import { agencies, agencyNameInText, type Agency, type MatchLinked, type WiderPictureFinding } from '../contracts';
import type { AgencyThreshold, CrossAgencyRule, RuleSet } from './rule-set';

/**
 * Rules over a family's recent history. One incident may mean little; several agencies seeing the
 * same family in a week, or police called to the same home again and again, is the picture no single
 * agency sees. A rule fires for a digest only when at least one of the events that complete its
 * pattern is new to this digest, so a pattern is reported on the day it completes and not every day
 * after it.
 */
export type HistoryEvent = Readonly<{ matchId: string; agency: Agency; category: string; occurredAt: number }>;

export function historyEvent(match: MatchLinked): HistoryEvent {
  return { matchId: match.matchId, agency: match.event.agency, category: match.event.category, occurredAt: Date.parse(match.event.occurredAt) };
}

const dayMs = 86_400_000;

/** Every run of events no more than `withinDays` apart from first to last, that includes a new one. */
function* windowsWithNewEvents(events: readonly HistoryEvent[], withinDays: number, isNew: (id: string) => boolean) {
  const sorted = [...events].sort((a, b) => a.occurredAt - b.occurredAt || a.matchId.localeCompare(b.matchId));
  for (let start = 0, end = 0; start < sorted.length; start += 1) {
    end = Math.max(end, start);
    while (end + 1 < sorted.length && sorted[end + 1].occurredAt - sorted[start].occurredAt <= withinDays * dayMs) end += 1;
    const run = sorted.slice(start, end + 1);
    if (run.some((event) => isNew(event.matchId))) yield run;
  }
}

function thresholdFinding(rule: AgencyThreshold, agency: Agency, version: string, history: readonly HistoryEvent[], isNew: (id: string) => boolean) {
  const relevant = history.filter((e) => e.agency === agency && (!rule.categories || rule.categories.includes(e.category)));
  let best = 0;
  for (const run of windowsWithNewEvents(relevant, rule.withinDays, isNew)) best = Math.max(best, run.length);
  if (best < rule.minEvents) return undefined;
  return {
    rule: { id: rule.id, version },
    raisesTo: rule.raisesTo,
    text: `${capitalise(rule.says)}: ${best} ${agencyNameInText(agency)} events within ${rule.withinDays} days`,
  } satisfies WiderPictureFinding;
}

function crossAgencyFinding(rule: CrossAgencyRule, version: string, history: readonly HistoryEvent[], isNew: (id: string) => boolean) {
  let best: Agency[] = [];
  for (const run of windowsWithNewEvents(history, rule.withinDays, isNew)) {
    const seen = [...new Set(run.map((event) => event.agency))].sort();
    if (seen.length > best.length) best = seen;
  }
  if (best.length < rule.minAgencies) return undefined;
  return {
    rule: { id: rule.id, version },
    raisesTo: rule.raisesTo,
    text: `${capitalise(rule.says)}: ${listInWords(best.map((agency) => agencyNameInText(agency)))} within ${rule.withinDays} days`,
  } satisfies WiderPictureFinding;
}

/** The wider-picture findings for one family, given its recent history and which matches are new. */
export function widerPictureFindings(rules: RuleSet, history: readonly HistoryEvent[], isNew: (matchId: string) => boolean): WiderPictureFinding[] {
  const findings: WiderPictureFinding[] = [];
  for (const agency of agencies) {
    for (const threshold of rules.agencies[agency]?.thresholds ?? []) {
      const finding = thresholdFinding(threshold, agency, rules.version, history, isNew);
      if (finding) findings.push(finding);
    }
  }
  for (const rule of rules.widerPicture) {
    const finding = crossAgencyFinding(rule, rules.version, history, isNew);
    if (finding) findings.push(finding);
  }
  return findings;
}

/** The longest look-back any rule needs, so the adapter fetches enough history and no more. */
export function longestLookBackDays(rules: RuleSet): number {
  const thresholds = Object.values(rules.agencies).flatMap((agency) => agency?.thresholds.map((t) => t.withinDays) ?? []);
  return Math.max(1, ...thresholds, ...rules.widerPicture.map((rule) => rule.withinDays));
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function listInWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
