import type { EventOutcome } from './accept';
import { problem, type Problem } from './problem';

/**
 * How per-event outcomes become an HTTP answer: pure, so the rules are tested without a server.
 *
 * A retry of an accepted event answers exactly as the first time (same status, same body, the
 * original `acceptedAt`), with `Idempotent-Replayed: true` so a curious client can tell.
 */
export type HttpAnswer = Readonly<{ status: number; headers: Readonly<Record<string, string>>; body: unknown }>;

/** What each event of a batch became, as the API shows it. */
export type EventResult = Readonly<{
  index: number;
  eventId: string | null;
  status: 'accepted' | 'conflict' | 'invalid' | 'withheld';
  /** True when this eventId had been accepted before with the same content: nothing was published again. */
  replayed?: boolean;
  acceptedAt?: string;
  detail?: string;
}>;

export function eventResult(outcome: EventOutcome): EventResult {
  const eventId = outcome.eventId ?? null;
  switch (outcome.outcome) {
    case 'accepted':
      return { index: outcome.index, eventId, status: 'accepted', replayed: false, acceptedAt: outcome.acceptedAt };
    case 'duplicate':
      return { index: outcome.index, eventId, status: 'accepted', replayed: true, acceptedAt: outcome.acceptedAt };
    case 'conflict':
      return { index: outcome.index, eventId, status: 'conflict', detail: outcome.detail };
    case 'invalid':
      return { index: outcome.index, eventId, status: 'invalid', detail: `${outcome.errors.length} field(s) refused; see errors` };
    case 'withheld':
      return { index: outcome.index, eventId, status: 'withheld', detail: 'valid, but not published: other events of the request were refused (add ?partial=true to publish the valid ones)' };
  }
}

const problemAnswer = (body: Problem): HttpAnswer => ({ status: body.status, headers: {}, body });

export function singleEventAnswer(outcome: EventOutcome): HttpAnswer {
  switch (outcome.outcome) {
    case 'accepted':
    case 'duplicate':
      return {
        status: 202,
        headers: outcome.outcome === 'duplicate' ? { 'idempotent-replayed': 'true' } : {},
        body: { eventId: outcome.eventId, status: 'accepted', acceptedAt: outcome.acceptedAt },
      };
    case 'conflict':
      return problemAnswer(problem('eventid-conflict', `event ${outcome.eventId}: ${outcome.detail}`));
    case 'invalid':
      return problemAnswer(problem('invalid-event', `${outcome.errors.length} field(s) do not meet the contract; nothing was published`, { errors: outcome.errors }));
    case 'withheld':
      // A single event is withheld only if it was refused itself, which is answered above.
      return problemAnswer(problem('internal', 'the event was neither published nor refused'));
  }
}

/**
 * A batch: all accepted → 202 with a result per event. Otherwise, unless the sender asked for a
 * partial publication, the first kind of refusal decides: any invalid event → 422 with every field
 * error (pointers start with the event's index); else any conflict → 409. Either way, nothing of the
 * batch was published, and `results` says what each event would have been.
 */
export function batchAnswer(outcomes: readonly EventOutcome[], partial: boolean): HttpAnswer {
  const results = outcomes.map(eventResult);
  const count = (status: EventResult['status']) => results.filter((r) => r.status === status).length;
  const invalid = outcomes.flatMap((o) => (o.outcome === 'invalid' ? o.errors : []));
  const summary = { accepted: count('accepted'), conflicts: count('conflict'), invalid: count('invalid'), withheld: count('withheld') };
  if (partial || (summary.invalid === 0 && summary.conflicts === 0)) {
    return { status: 202, headers: {}, body: { ...summary, results, ...(invalid.length > 0 ? { errors: invalid } : {}) } };
  }
  if (summary.invalid > 0) {
    return problemAnswer(problem('invalid-event', `${summary.invalid} of ${outcomes.length} events do not meet the contract; nothing was published`, { errors: invalid, results }));
  }
  return problemAnswer(problem('eventid-conflict', `${summary.conflicts} of ${outcomes.length} events reuse an eventId with other content; nothing was published`, { results }));
}
