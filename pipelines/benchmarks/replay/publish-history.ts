import type { Message } from 'kafkajs';
import { topicDefinitions } from '../../../services/contracts';
import type { Runtime } from '../../../services/platform/runtime';
import type { HistoryMessage } from './history';

/**
 * Publishes the derived history as the services publish it: validated and in the registry wire
 * format by the project's TopicSerializer, acks from every in-sync replica, keyed as each topic
 * says. Large requests (all three topics in one), and the next request is serialised while the
 * broker writes the last one.
 */
export type Published = Readonly<{ messages: Readonly<Record<string, number>>; bytes: number; seconds: number; messagesPerSecond: number }>;

export async function publishHistory(
  runtime: Pick<Runtime, 'topics' | 'serializer' | 'producer'>,
  days: Iterable<HistoryMessage[]>,
  total: number,
  options: Readonly<{ requestBytes: number; say: (line: string) => void; stopped: () => boolean }>,
): Promise<Published> {
  const started = performance.now();
  const counts: Record<string, number> = {};
  let pending = new Map<string, Message[]>();
  let pendingCount = 0;
  let pendingBytes = 0;
  let sending: Promise<unknown> = Promise.resolve();
  // Kept, not thrown, so a failed send is never an unhandled rejection while the next request is serialised.
  let failure: unknown;
  let done = 0;
  let bytes = 0;
  let lastSaid = started;
  const flush = async () => {
    const request = { topicMessages: [...pending.entries()].map(([topic, messages]) => ({ topic, messages })), acks: -1 };
    const [count, size] = [pendingCount, pendingBytes];
    pending = new Map();
    pendingCount = 0;
    pendingBytes = 0;
    // One request in flight, so order on each partition is the order of the history.
    await sending;
    if (failure) throw failure;
    sending = runtime.producer.sendBatch(request).then(() => {
      done += count;
      bytes += size;
      const now = performance.now();
      if (now - lastSaid > 10_000 || done === total) {
        lastSaid = now;
        const seconds = (now - started) / 1000;
        options.say(`published ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} derived events (${Math.round(done / seconds)}/s, ${(bytes / 1e9).toFixed(2)} GB)`);
      }
    }, (error: unknown) => (failure = error));
  };
  for (const day of days) {
    if (options.stopped()) throw new Error('stopped while publishing');
    for (const message of day) {
      counts[message.event.type] = (counts[message.event.type] ?? 0) + 1;
      const topic = runtime.topics[message.topicId];
      const value = await runtime.serializer.serialize(topic, topicDefinitions[message.topicId].schema, message.event);
      (pending.get(topic) ?? pending.set(topic, []).get(topic)!).push({ key: message.key, value });
      pendingCount += 1;
      pendingBytes += value.length;
      if (pendingBytes >= options.requestBytes) await flush();
    }
  }
  if (pendingCount) await flush();
  await sending;
  if (failure) throw failure;
  const seconds = (performance.now() - started) / 1000;
  return { messages: counts, bytes, seconds, messagesPerSecond: seconds > 0 ? done / seconds : 0 };
}
