/**
 * Run as a child process by kafka-timers.int.spec.ts, so the Node warnings it may print are its own:
 * `node -r tsx/cjs test/support/kafka-round-trip.ts`, with KAFKA_BROKERS in the environment. Produces
 * three messages to a topic of its own, consumes them, stays connected one idle second, and prints
 * one JSON line: how many it read and how many timers were set with a negative delay meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../services/platform/config';
import { createKafka } from '../../services/platform/kafka';

let negativeDelays = 0;
const setTimeoutOfNode = globalThis.setTimeout;
// Counts every negative delay, whoever sets it: kafkajs looks setTimeout up each time it calls it.
globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  if (typeof ms === 'number' && ms < 0) negativeDelays += 1;
  return setTimeoutOfNode(callback, ms, ...args);
}) as typeof setTimeout;

async function roundTrip(): Promise<{ received: number; negativeDelays: number }> {
  const kafka = createKafka(loadConfig(), 'kafka-round-trip');
  const topic = `test-${randomBytes(5).toString('hex')}.round-trip`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: topic });
  try {
    await producer.connect();
    await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let received = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({ eachMessage: async () => void (++received === 3 && resolve()) });
    });
    await new Promise((resolve) => setTimeoutOfNode(resolve, 1000));
    return { received, negativeDelays };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

roundTrip().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
