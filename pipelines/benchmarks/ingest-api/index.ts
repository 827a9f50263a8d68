import { cpus, loadavg, totalmem } from 'node:os';
import { Partitioners } from 'kafkajs';
import { topicDefinitions } from '../../../services/contracts';
import { issueApiKey, startIngestServer } from '../../../services/ingest';
import { oneFamilyRows, policeEventFor } from '../../../test/support/fixtures';
import { throwAwayCertificate } from '../../../test/support/ingest-client';
import { runBenchmarkScript } from '../script-main';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { measureApi, measureRawProducer, type IngestMeasurement } from './measure';

/**
 * "HTTPS ingest": accepted events/s and request latency through `live-risk ingest`'s API on
 * loopback (TLS, API key, validation, idempotency rows in PostgreSQL, Kafka acks from all in-sync
 * replicas), in batches of 100 and one event per request, each against a raw kafkajs producer
 * writing the same events, already in the wire format, to the same topic in the same run. Its own
 * topics and database, removed afterwards.
 */
export type IngestBenchOptions = Readonly<{ quick?: boolean; say?: (line: string) => void; command?: string }>;

const plans = {
  full: { batchEvents: 20_000, singleEvents: 3_000, batchConcurrency: 4, singleConcurrency: 8 },
  quick: { batchEvents: 3_000, singleEvents: 600, batchConcurrency: 4, singleConcurrency: 8 },
};

export async function runIngestApiBenchmark(options: IngestBenchOptions = {}): Promise<string> {
  const started = performance.now();
  const plan = options.quick ? plans.quick : plans.full;
  const say = options.say ?? ((line: string) => process.stderr.write(`ingest-api [${Math.round((performance.now() - started) / 1000)} s]: ${line}\n`));
  const loadAverage = loadavg();
  return withIsolatedRuntime(async (runtime) => {
    const tls = throwAwayCertificate();
    const apiKey = (await issueApiKey(runtime.db, 'police', 'benchmark')).apiKey;
    const server = await startIngestServer(runtime, { listen: { host: '127.0.0.1', port: 0 }, tls, rateLimit: 1_000_000, maxBatch: 500, maxBodyBytes: 1024 * 1024 });
    const producer = runtime.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const topic = runtime.topics.police;
    const events = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => policeEventFor(oneFamilyRows[0], `${prefix}-${i}`));
    const wire = async (prefix: string, count: number) =>
      Promise.all(events(prefix, count).map(async (event) => ({ key: event.eventId, value: await runtime.serializer.serialize(topic, topicDefinitions.police.schema, event) })));
    const results: IngestMeasurement[] = [];
    const record = (result: IngestMeasurement) => {
      say(`${result.label}: ${result.events} events in ${result.seconds.toFixed(2)} s, ${Math.round(result.eventsPerSecond)} events/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`);
      results.push(result);
    };
    try {
      // Warm both paths (TLS sessions, the registry's schema id, JIT) before anything is timed.
      await measureApi({ url: server.url, ca: tls.cert, apiKey }, events('warm-api', 200), 100, 2);
      await measureRawProducer(producer, topic, await wire('warm-raw', 200), 100, 2);
      record(await measureRawProducer(producer, topic, await wire('raw-batch', plan.batchEvents), 100, plan.batchConcurrency));
      record(await measureApi({ url: server.url, ca: tls.cert, apiKey }, events('api-batch', plan.batchEvents), 100, plan.batchConcurrency));
      record(await measureRawProducer(producer, topic, await wire('raw-single', plan.singleEvents), 1, plan.singleConcurrency));
      record(await measureApi({ url: server.url, ca: tls.cert, apiKey }, events('api-single', plan.singleEvents), 1, plan.singleConcurrency));
    } finally {
      await producer.disconnect();
      await server.close();
    }
    const cpu = cpus();
    return formatIngestBenchmark({
      machine: `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`,
      loadAverage,
      command: options.command ?? `npx tsx pipelines/benchmarks/ingest-api/index.ts${options.quick ? ' --quick' : ''}`,
      plan,
      results,
    });
  }, say);
}

export function formatIngestBenchmark(report: { machine: string; loadAverage: number[]; command: string; plan: typeof plans.full; results: readonly IngestMeasurement[] }): string {
  const [rawBatch, apiBatch, rawSingle, apiSingle] = report.results;
  const row = (m: IngestMeasurement, raw: IngestMeasurement) =>
    `| ${m.label} | ${m.events.toLocaleString('en-GB')} | ${m.requests.toLocaleString('en-GB')} | ${Math.round(m.eventsPerSecond).toLocaleString('en-GB')} | ${m.p50Ms.toFixed(1)} | ${m.p99Ms.toFixed(1)} | ${m === raw ? '1' : (m.eventsPerSecond / raw.eventsPerSecond).toFixed(2)} |`;
  return [
    '## HTTPS ingest',
    '',
    `${report.machine}; load average at start ${report.loadAverage.map((l) => l.toFixed(2)).join(' ')}. Command: \`${report.command}\`.`,
    `Police events to one 3-partition topic on the local single-broker stack, acks from all in-sync replicas on both paths. Batches: ${report.plan.batchConcurrency} concurrent clients;`,
    `single events: ${report.plan.singleConcurrency}. The API path includes TLS on loopback, the API key check, zod validation, the idempotency rows and advisory locks in PostgreSQL;`,
    'the raw path sends the same events already in the wire format. Latency is per request (a batch of 100 is one request).',
    '',
    '| path | events | requests | events/s | p50 ms | p99 ms | events/s vs raw |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row(rawBatch, rawBatch),
    row(apiBatch, rawBatch),
    row(rawSingle, rawSingle),
    row(apiSingle, rawSingle),
    '',
  ].join('\n');
}

if (require.main === module) {
  runBenchmarkScript('ingest-api', async () => {
    const args = process.argv.slice(2);
    const outAt = args.indexOf('--out');
    const unknown = args.filter((arg, i) => arg !== '--quick' && arg !== '--out' && !(outAt >= 0 && i === outAt + 1));
    if (unknown.length > 0) {
      process.stderr.write(`usage: npx tsx pipelines/benchmarks/ingest-api/index.ts [--quick] [--out FILE]\n  HTTPS ingest against a raw kafkajs producer; needs the local stack (node bin/live-risk.cjs stack up)\n`);
      process.exit(2);
    }
    return { markdown: await runIngestApiBenchmark({ quick: args.includes('--quick'), command: `npx tsx pipelines/benchmarks/ingest-api/index.ts${args.length ? ` ${args.join(' ')}` : ''}` }), out: outAt >= 0 ? args[outAt + 1] : undefined };
  });
}
