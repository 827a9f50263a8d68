import { LiveRiskError } from './errors';
import { backOffDelay, withRetry } from './retry';

const outage = () => new LiveRiskError('KAFKA_UNAVAILABLE', 'down', { retriable: true });

describe('the retry helper', () => {
  it('backs off exponentially with at most 20% jitter, up to a ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backOffDelay(attempt, 100, 10_000, () => 0.5))).toEqual([100, 200, 400, 800]);
    expect(backOffDelay(1, 100, 10_000, () => 0)).toBe(80);
    expect(backOffDelay(1, 100, 10_000, () => 0.999999)).toBe(120);
    expect(backOffDelay(20, 100, 10_000, () => 0.5)).toBe(10_000);
  });

  it('retries a retriable error until the work succeeds', async () => {
    let calls = 0;
    const retried: number[] = [];
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw outage();
        return 'done';
      },
      { initialDelayMs: 1, onRetry: (_error, attempt) => retried.push(attempt) },
    );
    expect(result).toBe('done');
    expect(retried).toEqual([1, 2]);
  });

  it('throws a non-retriable error at once, classified', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw new TypeError('a bug');
      }, { initialDelayMs: 1 }),
    ).rejects.toMatchObject({ code: 'INTERNAL', retriable: false });
    expect(calls).toBe(1);
  });

  it('gives up after the given number of attempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw outage();
      }, { attempts: 3, initialDelayMs: 1 }),
    ).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    expect(calls).toBe(3);
  });

  it('stops waiting when its signal aborts', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 20);
    await expect(withRetry(async () => { throw outage(); }, { attempts: Infinity, initialDelayMs: 60_000, signal: stop.signal })).rejects.toMatchObject({ retriable: true });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('backs off from the start again after an attempt that ran long enough to count as healthy', async () => {
    const retried: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 4) return 'done';
        // The second attempt runs for a while before it fails: a consumer that worked, then met a new outage.
        if (calls === 2) await new Promise((resolve) => setTimeout(resolve, 40));
        throw outage();
      },
      { attempts: Infinity, initialDelayMs: 1, healthyAfterMs: 30, onRetry: (_error, attempt) => retried.push(attempt) },
    );
    expect(retried).toEqual([1, 1, 2]);
  });
});
