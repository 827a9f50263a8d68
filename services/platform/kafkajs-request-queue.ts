/**
 * A workaround for kafkajs 2.2.4, which is no longer maintained. Each broker connection has a
 * RequestQueue, which after every response schedules a check of its pending requests even when
 * none is pending, with a delay of `throttledUntil - Date.now()`: about -1.8e12 ms when not
 * throttled (`throttledUntil` starts at -1). Node turns a negative delay into 1 ms, so every open
 * connection wakes itself every millisecond to find nothing to do (tulios/kafkajs#1704, #1556),
 * and Node 24 also prints a TimeoutNegativeWarning on stderr (tulios/kafkajs#1751). The fixes
 * upstream (#1755, #1768) are not merged.
 *
 * The replacement schedules a check only while a request is pending: at the end of the throttle,
 * or after kafkajs's own 10 ms when that end is already past. It never leaves a pending request
 * unchecked, the stall of a marginal throttle that kafkajs#1532 fixed; an empty queue needs no
 * timer because `push` schedules one whenever it holds a request back.
 *
 * Applied when this file is imported (kafka.ts does), to the module kafkajs's own connections
 * require, and only if the method is still the one described above. If an upgrade changes it,
 * kafkajs is left alone and kafkajs-request-queue.unit.spec.ts fails, so someone re-reads
 * RequestQueue instead of this patching it blind.
 */

/** kafkajs's CHECK_PENDING_REQUESTS_INTERVAL, which it does not export. */
const recheckMs = 10;

type RequestQueueState = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
};

// Marks the replacement, so a second copy of this module (another module cache) sees it is done.
const replacement = Symbol.for('live-risk.kafkajs.scheduleCheckPendingRequests');

function scheduleCheckPendingRequests(this: RequestQueueState): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, untilUnthrottled > 0 ? untilUnthrottled : recheckMs);
}

Object.defineProperty(scheduleCheckPendingRequests, replacement, { value: true });

export type RequestQueueWorkaround = Readonly<{ applied: true } | { applied: false; reason: string }>;

/** The kafkajs this was written against, and the statements that make its method misbehave. */
const expected = {
  version: '2.2.4',
  statements: ['letscheduleAt=this.throttledUntil-Date.now()', 'if(this.pending.length>0){scheduleAt=scheduleAt>0?scheduleAt:CHECK_PENDING_REQUESTS_INTERVAL}', '},scheduleAt)'],
};

function apply(): RequestQueueWorkaround {
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== expected.version) return { applied: false, reason: `kafkajs is ${version}, not ${expected.version}` };
  const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype?: Record<string, unknown> } | undefined;
  const prototype = RequestQueue?.prototype;
  const original = prototype?.scheduleCheckPendingRequests;
  if (typeof original === 'function' && replacement in original) return { applied: true };
  if (typeof original !== 'function' || typeof prototype?.checkPendingRequests !== 'function') {
    return { applied: false, reason: 'RequestQueue no longer has scheduleCheckPendingRequests and checkPendingRequests' };
  }
  const source = String(original).replace(/\/\/.*$/gm, '').replace(/\s+/g, '');
  const missing = expected.statements.filter((statement) => !source.includes(statement));
  if (missing.length > 0) return { applied: false, reason: `scheduleCheckPendingRequests changed: no ${missing.join(', ')}` };
  prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return { applied: true };
}

export const requestQueueWorkaround: RequestQueueWorkaround = apply();
