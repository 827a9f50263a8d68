import { Agent } from 'node:https';
import type { Producer } from 'kafkajs';
import { ingestRequest } from '../../../test/support/ingest-client';

/** One measured way of getting events onto the police topic: how many, how long, each request's latency. */
export type IngestMeasurement = Readonly<{ label: string; events: number; requests: number; seconds: number; eventsPerSecond: number; p50Ms: number; p99Ms: number }>;

/** Runs `requests` through `concurrency` workers, timing each; the clock runs from first start to last end. */
async function timed(label: string, units: ReadonlyArray<() => Promise<number>>, concurrency: number): Promise<IngestMeasurement> {
  const latencies: number[] = [];
  let next = 0;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < units.length) {
        const unit = units[next++];
        const t0 = performance.now();
        const accepted = await unit();
        latencies.push(performance.now() - t0);
        events += accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { label, events, requests: units.length, seconds, eventsPerSecond: events / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

export type ApiTarget = Readonly<{ url: string; ca: Buffer; apiKey: string }>;

/** Events through the HTTPS API: batches of `batchSize` to /v1/events:batch, or one each to /v1/events. */
export async function measureApi(target: ApiTarget, events: readonly unknown[], batchSize: number, concurrency: number): Promise<IngestMeasurement> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const units = chunks(events, batchSize).map((chunk) => async () => {
    const single = batchSize === 1;
    const answer = await ingestRequest(target.url, target.ca, 'POST', single ? '/v1/events' : '/v1/events:batch', { apiKey: target.apiKey, body: single ? chunk[0] : chunk, agent });
    if (answer.status !== 202) throw new Error(`the API answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    const accepted = single ? 1 : (answer.body as { accepted: number }).accepted;
    if (accepted !== chunk.length) throw new Error(`the API accepted ${accepted} of ${chunk.length}`);
    return accepted;
  });
  try {
    return await timed(batchSize === 1 ? 'HTTPS API, single events' : `HTTPS API, batches of ${batchSize}`, units, concurrency);
  } finally {
    agent.destroy();
  }
}

/** The same events, already in the wire format, straight from a kafkajs producer (acks from all in-sync replicas). */
export async function measureRawProducer(producer: Producer, topic: string, messages: ReadonlyArray<{ key: string; value: Buffer }>, batchSize: number, concurrency: number): Promise<IngestMeasurement> {
  const units = chunks(messages, batchSize).map((chunk) => async () => {
    await producer.send({ topic, messages: [...chunk], acks: -1 });
    return chunk.length;
  });
  return timed(batchSize === 1 ? 'raw kafkajs producer, one message per send' : `raw kafkajs producer, ${batchSize} messages per send`, units, concurrency);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
