import { cpus, loadavg } from 'node:os';
import { policeIncident, type PoliceIncident } from '../../../services/contracts';
import { decodeMessage } from '../../../services/platform/decode-message';
import { TopicDeserializer } from '../../../services/platform/registry';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { runBenchmarkScript } from '../script-main';

/**
 * `npx tsx pipelines/benchmarks/decode/index.ts [--messages N] [--rounds N]`: how many wire-format
 * police messages per second decodeMessage turns into validated events on one core, caches warm
 * (the consumers' steady state: every message's schema id checked against the topic's subject,
 * issue 13). No Kafka read: the bytes are made once by the topic serializer, then decoded round after
 * round by one deserializer; the first message of each round set goes to the real registry.
 */
const say = (line: string) => process.stderr.write(`decode: ${line}\n`);

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 && /^\d+$/.test(process.argv[at + 1] ?? '') ? Number(process.argv[at + 1]) : fallback;
}

const eventFor = (i: number): PoliceIncident => ({
  type: 'police.incident',
  eventId: `BENCH-${i}`,
  source: { organisation: 'Avon and Wessex Police' },
  occurredAt: '2026-03-28T21:00:00+00:00',
  reportedAt: '2026-03-28T22:00:00+00:00',
  category: 'DOMESTIC_ABUSE',
  summary: 'Neighbour reported shouting; officers attended.',
  people: [{ role: 'victim', givenName: 'Rhiannon', familyName: 'Quillfeather', dateOfBirth: '1991-02-03' }],
  address: { line1: '7 Lark Rise', postcode: 'BA2 4XY' },
});

runBenchmarkScript('decode', async () => {
  const messages = argument('--messages', 50_000);
  const rounds = argument('--rounds', 5);
  const load = loadavg();
  const perSecond = await withIsolatedRuntime(async (runtime) => {
    const topic = runtime.topics.police;
    const values: Buffer[] = [];
    for (let i = 0; i < messages; i++) values.push(await runtime.serializer.serialize(topic, policeIncident, eventFor(i)));
    const deserializer = new TopicDeserializer(runtime.registry, runtime.keys);
    const rates: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const started = performance.now();
      for (const value of values) {
        const decoded = await decodeMessage(value, topic, policeIncident, deserializer);
        if (!decoded.ok) throw new Error(`benchmark message refused: ${decoded.erased ? 'erased' : decoded.reason}`);
      }
      const rate = messages / ((performance.now() - started) / 1000);
      // Round 0 warms the caches and the JIT; it is not counted.
      if (round > 0) rates.push(rate);
      say(`round ${round}: ${Math.round(rate)} messages/s${round === 0 ? ' (warm-up)' : ''}`);
    }
    return rates.sort((a, b) => a - b);
  }, say);
  const median = perSecond[Math.floor(perSecond.length / 2)];
  const markdown =
    `decodeMessage, ${messages} wire-format police messages, ${rounds} rounds after a warm-up: median ${Math.round(median)} messages/s ` +
    `(min ${Math.round(perSecond[0])}, max ${Math.round(perSecond[perSecond.length - 1])}); ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ` +
    `load average at start ${load.map((l) => l.toFixed(2)).join(' ')}\n`;
  return { markdown };
});
