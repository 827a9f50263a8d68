import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
// Neither module loads the kafkajs workaround, so the unpatched sample stays unpatched.
import { loadConfig } from '../../../services/platform/config';
import { kafkaClientSecurity, kafkaLogin } from '../../../services/platform/kafka-credentials';

/**
 * One sample, in a process of its own so kafkajs is loaded with or without our workaround:
 * `sample.ts patched|unpatched SECONDS BROKER`. A consumer joins a new one-partition topic, then
 * sits idle; the CPU it uses meanwhile and the timers it sets are counted, and printed as JSON.
 */
export type IdleSample = Readonly<{ mode: 'patched' | 'unpatched'; seconds: number; cpuMs: number; timersSet: number; negativeDelays: number }>;

async function sample(mode: IdleSample['mode'], seconds: number, broker: string): Promise<IdleSample> {
  // The workaround patches kafkajs when it is imported; the unpatched sample never imports it.
  // Loaded only for this mode, before kafkajs is used.
  if (mode === 'patched') require('../../../services/platform/kafkajs-request-queue');
  const realSetTimeout = globalThis.setTimeout;
  let timersSet = 0;
  let negativeDelays = 0;
  globalThis.setTimeout = ((callback: () => void, ms?: number) => {
    timersSet += 1;
    if (typeof ms === 'number' && ms < 0) negativeDelays += 1;
    return realSetTimeout(callback, ms);
  }) as typeof setTimeout;
  const pause = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

  const config = loadConfig();
  const kafka = new Kafka({ clientId: 'idle-consumer-bench', brokers: [broker], logLevel: logLevel.NOTHING, ...kafkaClientSecurity(config, () => kafkaLogin(config, 'admin')) });
  const topic = `bench-idle-${randomBytes(4).toString('hex')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const consumer = kafka.consumer({ groupId: topic });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ eachMessage: async () => undefined });
    await joined;
    await pause(2_000);
    timersSet = 0;
    negativeDelays = 0;
    const before = process.cpuUsage();
    await pause(seconds * 1000);
    const used = process.cpuUsage(before);
    return { mode, seconds, cpuMs: Math.round((used.user + used.system) / 1000), timersSet, negativeDelays };
  } finally {
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([topic]).catch(() => undefined);
    await admin.disconnect();
  }
}

if (require.main === module) {
  const [mode, seconds, broker] = process.argv.slice(2);
  sample(mode === 'patched' ? 'patched' : 'unpatched', Number(seconds), broker).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
