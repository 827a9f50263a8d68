import { setTimeout as sleep } from 'node:timers/promises';
import { classifyError, type Service } from './classify-error';
import type { LiveRiskError } from './errors';

/**
 * The one retry loop of live-risk, modelled on kafkajs's retrier: exponential back-off with jitter,
 * deciding only by the classified error's `retriable` flag. A non-retriable error is thrown at once;
 * a retriable one is retried until `attempts` run out (then thrown) or the signal aborts.
 */
export type RetryOptions = Readonly<{
  /** How many attempts in all; Infinity for a long-running process that waits out any outage. */
  attempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** The peer the work talks to, for errors that do not say (a bare ECONNREFUSED). */
  service?: Service;
  signal?: AbortSignal;
  /** Told before each wait; `attempt` 1 is the first failure after success, a new outage. */
  onRetry?: (error: LiveRiskError, attempt: number, delayMs: number) => void;
  /**
   * For work that runs for a long time before it fails (a consumer): an attempt that ran at least
   * this long counts as a success, so the next failure backs off from the start again.
   */
  healthyAfterMs?: number;
  /** For tests: a source of randomness in [0, 1). */
  random?: () => number;
}>;

/** The delay before retry number `attempt` (1-based): doubling from the initial delay, ±20%, capped. */
export function backOffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
  const jitter = base * 0.2 * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(maxDelayMs, base + jitter)));
}

export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { attempts = 5, initialDelayMs = 300, maxDelayMs = 30_000, service, signal, onRetry, random, healthyAfterMs } = options;
  for (let attempt = 1; ; attempt += 1) {
    const started = Date.now();
    try {
      return await work(attempt);
    } catch (thrown) {
      const error = classifyError(thrown, service);
      if (healthyAfterMs !== undefined && Date.now() - started >= healthyAfterMs) attempt = 1;
      if (!error.retriable || attempt >= attempts || signal?.aborted) throw error;
      const delay = backOffDelay(attempt, initialDelayMs, maxDelayMs, random);
      onRetry?.(error, attempt, delay);
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) throw error;
    }
  }
}
