import { agencyOf, type AgencyEvent, type DigestIssued, type MatchLinked, type ReviewEvent, type TopicNames } from '../../../services/contracts';
import { buildDigest } from '../../../services/digest/build-digest';
import { digestWindow } from '../../../services/digest/window';
import { matchEventFor, reviewRequestFor } from '../../../services/matcher/match-events';
import type { ConsumedMessage } from '../../../services/platform/offset-consumer';
import type { ConsentRecord, Policy } from '../../../services/policy';
import type { RuleSet } from '../../../services/risk';
import { agencyEventId } from '../../synthetic-council';
import { londonInstant } from '../../synthetic-council/digest-window';
import type { Pool, PoolEvent } from './pool';

/**
 * Years of derived events from a few weeks of decisions: the pool's days are repeated, each
 * repetition shifted by the pool's length in days, with the agency event ids of the shifted dates
 * (`agencyEventId`), so every match id is new and deterministic. Each day gives, in the order the
 * services would publish them: the day's matches and review requests (`matchEventFor`,
 * `reviewRequestFor`, the matcher's own shaping), the lead practitioners' digests for the day
 * (`buildDigest`, weekdays only, with the built-in rules and sharing policy), then the reviewers'
 * decisions on about seven in ten of the day's requests.
 */
export type HistoryMessage =
  | Readonly<{ topicId: 'matches'; key: string; event: MatchLinked }>
  | Readonly<{ topicId: 'reviews'; key: string; event: ReviewEvent }>
  | Readonly<{ topicId: 'digests'; key: string; event: DigestIssued }>;

export type HistoryOptions = Readonly<{ topics: TopicNames; events: number; rules: RuleSet; policy: Policy }>;

const dayMs = 86_400_000;
const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const isWeekday = (date: string) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());
const shiftInstant = (instant: string, ms: number) => londonInstant(Date.parse(instant) + ms);

/** A small stable number from a string (FNV-1a), for choices that must be the same in every run. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** `ASP-2026-0880001` on another date: the same agency and sequence number, the new date's day. */
export function shiftedEvent(event: AgencyEvent, days: number, date: string): AgencyEvent {
  if (days === 0) return event;
  const sequence = Number(event.eventId.split('-')[2].slice(3));
  const ms = days * dayMs;
  return { ...event, eventId: agencyEventId(agencyOf(event), date, sequence), occurredAt: shiftInstant(event.occurredAt, ms), reportedAt: shiftInstant(event.reportedAt, ms) };
}

function consentRecords(pool: Pool, familyId: string): ConsentRecord[] {
  const basis = pool.consent.get(familyId);
  if (!basis || basis === 'none') return [];
  return [{ memberId: '', status: 'given', basis, justification: pool.consentJustification.get(familyId) ?? null }];
}

/** Yields the history day by day until exactly `options.events` messages. */
export function* derivedHistory(pool: Pool, options: HistoryOptions): Generator<HistoryMessage[]> {
  const offsets = new Map<string, number>();
  let emitted = 0;
  for (let cycle = 0; ; cycle++) {
    for (const poolDay of pool.days) {
      const shift = cycle * pool.days.length;
      const day = dayMessages(pool, options, poolDay.events, dayAfter(poolDay.date, shift), shift, offsets);
      const wanted = day.slice(0, options.events - emitted);
      emitted += wanted.length;
      if (wanted.length) yield wanted;
      if (emitted >= options.events) return;
    }
  }
}

function dayMessages(pool: Pool, options: HistoryOptions, events: readonly PoolEvent[], date: string, shift: number, offsets: Map<string, number>): HistoryMessage[] {
  const messages: HistoryMessage[] = [];
  const decisions: HistoryMessage[] = [];
  const matchesByPractitioner = new Map<string, MatchLinked[]>();
  for (const pooled of events) {
    if (pooled.links.length === 0 && pooled.reviews.length === 0) continue;
    const event = shiftedEvent(pooled.event, shift, date);
    const sequence = stableHash(event.eventId);
    const topic = options.topics[agencyOf(event)];
    const partition = sequence % 3;
    const next = offsets.get(`${topic}:${partition}`) ?? 0;
    offsets.set(`${topic}:${partition}`, next + 1);
    // When the agency's message reached Kafka: half a minute to half an hour after the agency recorded it.
    const received = Date.parse(event.reportedAt) + 30_000 + (sequence % 1800) * 1000;
    const position: ConsumedMessage = { topic, partition, offset: String(next), key: null, value: null, timestamp: String(received) };
    const decidedAt = new Date(received + 1500).toISOString();
    for (const link of pooled.links) {
      const match = matchEventFor(event, link, position, decidedAt);
      messages.push({ topicId: 'matches', key: match.familyId, event: match });
      const practitionerId = pool.families.get(match.familyId)?.practitionerId;
      if (practitionerId) matchesByPractitioner.set(practitionerId, [...(matchesByPractitioner.get(practitionerId) ?? []), match]);
    }
    for (const review of pooled.reviews) {
      const request = reviewRequestFor(event, review, position, decidedAt);
      messages.push({ topicId: 'reviews', key: request.reviewId, event: request });
      const choice = stableHash(request.reviewId) % 10;
      if (choice >= 7) continue;
      const decidedBy = pool.practitioners.get(pool.families.get(review.member.familyId)?.practitionerId ?? '') ?? 'duty reviewer';
      const decision: ReviewEvent = {
        type: 'review.decided',
        reviewId: request.reviewId,
        decision: choice < 4 ? 'confirmed' : 'rejected',
        decidedBy,
        decidedAt: new Date(received + dayMs).toISOString(),
      };
      decisions.push({ topicId: 'reviews', key: request.reviewId, event: decision });
    }
  }
  if (isWeekday(date)) messages.push(...digestsFor(pool, options, date, matchesByPractitioner));
  return [...messages, ...decisions];
}

function digestsFor(pool: Pool, options: HistoryOptions, date: string, matchesByPractitioner: ReadonlyMap<string, readonly MatchLinked[]>): HistoryMessage[] {
  const window = digestWindow(date, null);
  const digests: HistoryMessage[] = [];
  for (const [practitionerId, matches] of [...matchesByPractitioner.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const familyIds = [...new Set(matches.map((match) => match.familyId))];
    const digest = buildDigest({
      practitioner: { practitionerId, name: pool.practitioners.get(practitionerId) ?? practitionerId },
      date,
      window,
      cutOff: window.to,
      lateFrom: window.from,
      rules: options.rules,
      policy: options.policy,
      recipientRole: 'lead-practitioner',
      // The synthetic history records no decisions to withhold.
      withheldByDecision: new Set(),
      consent: new Map(familyIds.map((familyId) => [familyId, consentRecords(pool, familyId)])),
      familyReferences: new Map(familyIds.map((familyId) => [familyId, pool.families.get(familyId)?.reference ?? familyId])),
      unreported: matches,
      recentHistory: matches,
      generatedAt: new Date(Date.parse(window.to) + 5000).toISOString(),
    });
    if (digest.families.length) digests.push({ topicId: 'digests', key: practitionerId, event: digest });
  }
  return digests;
}
