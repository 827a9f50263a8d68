import { setMaxListeners } from 'node:events';
import { classifyError } from '../../services/platform/classify-error';
import type { LiveRiskError } from '../../services/platform/errors';
import { runOffsetConsumer, type ConsumerObserver } from '../../services/platform/offset-consumer';
import { withRetry } from '../../services/platform/retry';
import type { Runtime } from '../../services/platform/runtime';
import type { ConsumerName } from '../../services/consumers';
import { consumerDepsOf, handlerFor } from './handlers';

/**
 * `live-risk run --follow`: the consumers as a long-running process. Each consumer reads until the
 * signal aborts. An outage (Kafka, the registry or PostgreSQL down or restarting: a retriable error)
 * pauses that consumer, which resumes by itself with jittered exponential back-off; anything else
 * (stored offsets that no longer describe a topic, a fault in our code) stops every consumer and
 * is thrown, because going on could skip or corrupt.
 */
export type FollowOptions = Readonly<{
  signal: AbortSignal;
  observer?: ConsumerObserver;
  /** `newOutage` is false for the further retries of an outage already reported. */
  onOutage?: (name: ConsumerName, error: LiveRiskError, retryInMs: number, newOutage: boolean) => void;
}>;

/** How often a follower publishes what waits in the outbox, when no batch arrives to do it. */
const relayEveryMs = 5_000;

export async function followConsumers(runtime: Runtime, names: readonly ConsumerName[], options: FollowOptions): Promise<void> {
  const stopAll = new AbortController();
  // Each consumer (and its waits and retries) listens on the one signal: more than Node's default
  // of ten is expected, not a leak, once there are more than a few consumers.
  setMaxListeners(Math.max(10, names.length * 4), stopAll.signal);
  const abort = () => stopAll.abort();
  options.signal.addEventListener('abort', abort, { once: true });
  if (options.signal.aborted) abort();
  // Consumers publish their decisions after each batch. After an outage, or when the portal or the
  // scheduler queued something and no batch follows, this publishes it instead of leaving it waiting.
  let relaying = false;
  const relay = setInterval(() => {
    if (relaying) return;
    relaying = true;
    runtime.outbox
      .flush()
      .catch((error: unknown) => runtime.log.debug('outbox relay will try again', { error: classifyError(error).message }))
      .finally(() => (relaying = false));
  }, relayEveryMs);
  try {
    await Promise.all(
      names.map((name) =>
        followOne(runtime, name, stopAll.signal, options).catch((error: unknown) => {
          stopAll.abort();
          throw classifyError(error);
        }),
      ),
    );
  } finally {
    clearInterval(relay);
    options.signal.removeEventListener('abort', abort);
  }
}

async function followOne(runtime: Runtime, name: ConsumerName, signal: AbortSignal, options: FollowOptions): Promise<void> {
  await withRetry(
    async () => {
      // A fresh handler each time: the matcher reloads its in-memory cohort after an outage.
      await runOffsetConsumer(consumerDepsOf(runtime, options.observer), handlerFor(runtime, name), { kind: 'follow', signal });
    },
    {
      attempts: Infinity,
      initialDelayMs: 1_000,
      maxDelayMs: 30_000,
      // A consumer that read for a minute before this failure met a new outage: back off from 1 s.
      healthyAfterMs: 60_000,
      signal,
      onRetry: (error, attempt, delayMs) => {
        runtime.log.warn('consumer paused by an outage; it resumes by itself', { consumer: name, error: error.message, retryInMs: delayMs });
        options.onOutage?.(name, error, delayMs, attempt === 1);
      },
    },
  ).catch((error: LiveRiskError) => {
    // An outage still going on when we were told to stop is not a failure of the consumer.
    if (signal.aborted && error.retriable) return;
    throw error;
  });
}
