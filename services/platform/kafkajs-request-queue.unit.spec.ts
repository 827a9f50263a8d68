import { requestQueueWorkaround } from './kafkajs-request-queue';

// The class kafkajs's connections use (connection.js requires it by this file): no types of its own.
type SentRequest = { entry: { correlationId: number }; expectResponse: boolean; sendRequest: () => void };
type RequestQueue = {
  pending: unknown[];
  inflight: Map<number, unknown>;
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  push(request: SentRequest): void;
  maybeThrottle(milliseconds: number): void;
  checkPendingRequests(): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  destroy(): void;
};
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => RequestQueue;

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function queue(maxInFlightRequests: number | null = null): RequestQueue {
  return new RequestQueue({ maxInFlightRequests, requestTimeout: 30000, enforceRequestTimeout: false, clientId: 'test', broker: 'test:9092', logger: quietLogger });
}

function request(correlationId: number) {
  const sendRequest = jest.fn();
  return { sendRequest, pushed: { entry: { correlationId, resolve: () => undefined, reject: () => undefined }, expectResponse: true, sendRequest } };
}

describe('the kafkajs request queue workaround (tulios/kafkajs#1751, #1704)', () => {
  let delays: number[];

  beforeEach(() => {
    jest.useFakeTimers();
    delays = [];
    const fakeSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return fakeSetTimeout(callback, ms);
    }) as typeof setTimeout);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('is applied to the kafkajs installed; when this fails, kafkajs changed: re-read its RequestQueue before trusting the workaround', () => {
    expect(requestQueueWorkaround).toEqual({ applied: true });
    const fresh = queue();
    expect(fresh).toMatchObject({ pending: [], throttledUntil: -1, throttleCheckTimeoutId: null });
    expect(fresh.inflight).toBeInstanceOf(Map);
  });

  it('sets no timer once a response leaves nothing pending, so an idle connection sleeps', () => {
    const q = queue();
    const { pushed, sendRequest } = request(1);
    q.push(pushed);
    expect(sendRequest).toHaveBeenCalledTimes(1);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(delays).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held back by a throttle when the throttle ends, with a positive delay', () => {
    const q = queue();
    q.maybeThrottle(500);
    const { pushed, sendRequest } = request(1);
    q.push(pushed);
    expect(sendRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(499);
    expect(sendRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(sendRequest).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([500]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks a pending request again after 10 ms when its throttle ends as it is queued, rather than forgetting it (kafkajs#1532)', () => {
    const q = queue();
    const start = Date.now();
    q.throttledUntil = start + 1;
    // push() sees the throttle still on; by the time it schedules the check, that millisecond has passed.
    jest.spyOn(Date, 'now').mockImplementation(() => (q.pending.length === 0 ? start : start + 1));
    const { pushed, sendRequest } = request(1);
    q.push(pushed);
    expect(sendRequest).not.toHaveBeenCalled();
    expect(delays).toEqual([10]);
    jest.advanceTimersByTime(10);
    expect(sendRequest).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('polls every 10 ms while requests wait for a free in-flight slot, and stops when they are sent', () => {
    const q = queue(1);
    const first = request(1);
    const second = request(2);
    q.push(first.pushed);
    q.push(second.pushed);
    expect(second.sendRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(30);
    expect(delays).toEqual([10, 10, 10, 10]);
    q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
    expect(second.sendRequest).toHaveBeenCalledTimes(1);
    q.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });
    jest.advanceTimersByTime(100);
    expect(jest.getTimerCount()).toBe(0);
  });
});
