import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Agency, AgencyEvent } from '../contracts';
import { publishEvents } from '../platform/publish';
import type { Runtime } from '../platform/runtime';
import { checkEvent, topicOfAgency, type FieldError } from './validate';

/**
 * The one way an agency's events enter live-risk from outside Kafka: the HTTPS API, CSV extracts and
 * FHIR bundles all end here, so they share validation, idempotency and the Kafka acknowledgement.
 *
 * Per event, one outcome:
 * - accepted: valid, new, and Kafka has it with acks from all in-sync replicas;
 * - duplicate: this eventId was accepted before with the same content; nothing is published again,
 *   and the agency is answered as the first time;
 * - conflict: this eventId was accepted before (or earlier in the same request) with other content;
 * - invalid: the contract refuses it, field by field;
 * - withheld: valid, but not published because others in the same request were refused and the
 *   caller did not ask for a partial publication (a file is never half published by accident).
 *
 * Idempotency and the crash window. Each (agency, eventId) has a row in `ingest_events` with the
 * SHA-256 of its content. Requests take a session-level PostgreSQL advisory lock per (agency,
 * eventId) for the whole decide-publish-record sequence, so concurrent requests for one id run one
 * after the other: the second finds the first's row published and answers "duplicate". Before
 * sending, `attempts` is incremented and committed (with the claim of the id, in one statement);
 * after Kafka acknowledged, `published_at` is set
 * and committed. If the process dies (or PostgreSQL goes away) after Kafka's ack and before that
 * second commit, the agency never got its 2xx and retries; the row then shows attempts > 0 without
 * published_at (as after a send that failed without saying whether Kafka had it, e.g. a timeout),
 * so the retry publishes again *knowingly*: it is logged at warn with the event id and
 * counted (live_risk_ingest_republished_total), and the copy on the topic is identical (same eventId,
 * same content), which the matcher ignores. A duplicate can thus reach the topic, but never silently
 * and never with other content. A crash releases the locks with the connection.
 */
export type Sender = Readonly<{ agency: Agency; keyId: string }>;
export type AcceptDeps = Pick<Runtime, 'db' | 'topics' | 'serializer' | 'producer' | 'log'>;

export type EventOutcome = Readonly<
  | { outcome: 'accepted'; index: number; eventId: string; acceptedAt: string; republished: boolean }
  | { outcome: 'duplicate'; index: number; eventId: string; acceptedAt: string }
  | { outcome: 'conflict'; index: number; eventId: string; detail: string }
  | { outcome: 'invalid'; index: number; eventId: string | undefined; errors: readonly FieldError[] }
  | { outcome: 'withheld'; index: number; eventId: string }
>;

export type AcceptOptions = Readonly<{
  /** Publish the valid events even when others are refused (CSV --accept-partial, ?partial=true). */
  partial?: boolean;
  /** Where event `index` sits in what the sender sent, for error pointers; default `[index]`. */
  at?: (index: number) => ReadonlyArray<PropertyKey>;
}>;

type Candidate = { index: number; event: AgencyEvent; eventId: string; contentSha256: string };

export async function acceptEvents(deps: AcceptDeps, sender: Sender, events: readonly unknown[], options: AcceptOptions = {}): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  const candidates: Candidate[] = [];
  const firstInRequest = new Map<string, Candidate>();
  events.forEach((raw, index) => {
    const checked = checkEvent(sender.agency, raw, options.at?.(index) ?? [index]);
    if (!checked.valid) return outcomes.push({ outcome: 'invalid', index, eventId: checked.eventId, errors: checked.errors });
    const candidate = { index, event: checked.event, eventId: checked.eventId, contentSha256: checked.contentSha256 };
    const earlier = firstInRequest.get(candidate.eventId);
    if (!earlier) {
      firstInRequest.set(candidate.eventId, candidate);
      return candidates.push(candidate);
    }
    if (earlier.contentSha256 !== candidate.contentSha256) {
      return outcomes.push({ outcome: 'conflict', index, eventId: candidate.eventId, detail: `event ${earlier.index} of the same request has this eventId with other content` });
    }
    // The same event twice in one request: answered once it is known how the first fared (below).
    return undefined;
  });
  const refused = () => outcomes.some((o) => o.outcome === 'invalid' || o.outcome === 'conflict');
  if (candidates.length > 0 && (options.partial || !refused())) {
    outcomes.push(...(await decideAndPublish(deps, sender, candidates, Boolean(options.partial), refused())));
  } else {
    outcomes.push(...candidates.map((c) => ({ outcome: 'withheld' as const, index: c.index, eventId: c.eventId })));
  }
  // Repeats within the request answer like their first occurrence (a repeat of an accepted one is a duplicate).
  const firstIndexes = new Set(candidates.map((c) => c.index));
  const byId = new Map(outcomes.filter((o) => firstIndexes.has(o.index)).map((o) => [o.eventId, o]));
  events.forEach((_, index) => {
    if (outcomes.some((o) => o.index === index)) return;
    const first = byId.get(checkEvent(sender.agency, events[index]).eventId);
    if (first?.outcome === 'accepted' || first?.outcome === 'duplicate') outcomes.push({ outcome: 'duplicate', index, eventId: first.eventId, acceptedAt: first.acceptedAt });
    else if (first) outcomes.push({ ...first, index } as EventOutcome);
  });
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Under the per-event locks: compare with what was accepted before, publish what is new, record it. */
async function decideAndPublish(deps: AcceptDeps, sender: Sender, candidates: Candidate[], partial: boolean, alreadyRefused: boolean): Promise<EventOutcome[]> {
  const { db } = deps;
  const ids = candidates.map((c) => c.eventId);
  return withEventLocks(db, sender.agency, ids, async (run) => {
    // One round trip: claim new ids, and count an attempt on those that are ours to publish (same
    // content, never confirmed); the rest (other content, already published) are read as they are.
    const rows: Array<{ event_id: string; content_sha256: string; earlier_attempts: number; published_at: Date | null }> = (
      await run(
        `with claimed as (
           insert into ingest_events (agency, event_id, content_sha256, key_id, attempts)
           select ?, id, sha, ?, 1 from unnest(?::text[], ?::text[]) as t(id, sha)
           on conflict (agency, event_id) do update set attempts = ingest_events.attempts + 1
             where ingest_events.content_sha256 = excluded.content_sha256 and ingest_events.published_at is null
           returning event_id, content_sha256, attempts - 1 as earlier_attempts, published_at
         )
         select * from claimed
         union all
         select event_id, content_sha256, attempts, published_at from ingest_events
          where agency = ? and event_id = any(?::text[]) and event_id not in (select event_id from claimed)`,
        [sender.agency, sender.keyId, ids, candidates.map((c) => c.contentSha256), sender.agency, ids],
      )
    ).rows;
    const stored = new Map(rows.map((row) => [row.event_id, row]));
    const outcomes: EventOutcome[] = [];
    const toPublish: Candidate[] = [];
    for (const candidate of candidates) {
      const row = stored.get(candidate.eventId);
      if (!row) throw new Error(`ingest_events has no row for an event just inserted`);
      if (row.content_sha256 !== candidate.contentSha256) {
        outcomes.push({ outcome: 'conflict', index: candidate.index, eventId: candidate.eventId, detail: 'this eventId was sent before with other content; send a correction under a new eventId' });
      } else if (row.published_at) {
        outcomes.push({ outcome: 'duplicate', index: candidate.index, eventId: candidate.eventId, acceptedAt: row.published_at.toISOString() });
      } else {
        toPublish.push(candidate);
      }
    }
    if (toPublish.length === 0) return outcomes;
    const publishIds = toPublish.map((c) => c.eventId);
    if (!partial && (alreadyRefused || outcomes.some((o) => o.outcome === 'conflict'))) {
      // Not attempted after all: take back the attempt counted above, so a retry is not taken for one after a crash.
      await run('update ingest_events set attempts = attempts - 1 where agency = ? and event_id = any(?::text[])', [sender.agency, publishIds]);
      return [...outcomes, ...toPublish.map((c) => ({ outcome: 'withheld' as const, index: c.index, eventId: c.eventId }))];
    }
    const unconfirmed = new Set(toPublish.filter((c) => (stored.get(c.eventId)?.earlier_attempts ?? 0) > 0).map((c) => c.eventId));
    for (const eventId of unconfirmed) {
      deps.log.warn('publishing again an event whose earlier publication was never confirmed; if it reached Kafka, the copy is identical and the matcher ignores it', { agency: sender.agency, eventId });
    }
    await publishEvents(deps, topicOfAgency(sender.agency), toPublish.map((c) => c.event), (event) => (event as AgencyEvent).eventId);
    const published: Array<{ event_id: string; published_at: Date }> = (
      await run('update ingest_events set published_at = now() where agency = ? and event_id = any(?::text[]) returning event_id, published_at', [sender.agency, publishIds])
    ).rows;
    const at = new Map(published.map((row) => [row.event_id, row.published_at.toISOString()]));
    for (const candidate of toPublish) {
      outcomes.push({ outcome: 'accepted', index: candidate.index, eventId: candidate.eventId, acceptedAt: at.get(candidate.eventId) ?? new Date().toISOString(), republished: unconfirmed.has(candidate.eventId) });
    }
    return outcomes;
  });
}

type Run = (sql: string, bindings: readonly unknown[]) => Promise<{ rows: never[] }>;

/**
 * Runs `work` on one pooled connection holding a session-level advisory lock per (agency, eventId),
 * taken in ascending key order so two requests with overlapping ids cannot deadlock. Statements run
 * in autocommit: each one is durable when it returns, which the crash reasoning above relies on.
 */
async function withEventLocks<T>(db: Knex, agency: Agency, eventIds: readonly string[], work: (run: Run) => Promise<T>): Promise<T> {
  const keys = [...new Set(eventIds.map((id) => lockKey(agency, id)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const client = db.client as { acquireConnection(): Promise<unknown>; releaseConnection(connection: unknown): Promise<void> };
  const connection = (await client.acquireConnection()) as { __knex__disposed?: unknown };
  const run: Run = (sql, bindings) => db.raw(sql, bindings as Knex.RawBinding[]).connection(connection) as unknown as Promise<{ rows: never[] }>;
  try {
    await run('select count(pg_advisory_lock(k)) from (select k from unnest(?::bigint[]) as k order by k) as ordered', [keys.map(String)]);
    return await work(run);
  } finally {
    // Released explicitly: the connection goes back to the pool. If that fails, the pool must not
    // hand out a connection that may still hold locks, so it is marked for disposal instead.
    await run('select pg_advisory_unlock_all()', []).catch((error: unknown) => {
      connection.__knex__disposed = error;
    });
    await client.releaseConnection(connection);
  }
}

/** A signed 64-bit advisory-lock key for one (agency, eventId). */
function lockKey(agency: Agency, eventId: string): bigint {
  return createHash('sha256').update(`${agency}\u0000${eventId}`).digest().readBigInt64BE(0);
}
