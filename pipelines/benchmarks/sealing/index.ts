import { cpus, loadavg } from 'node:os';
import { matchLinked, type MatchLinked } from '../../../services/contracts';
import { decodeMessage } from '../../../services/platform/decode-message';
import { TopicDeserializer, TopicSerializer } from '../../../services/platform/registry';
import { FamilyKeyring, loadMasterKey, type FamilyKeys } from '../../../services/sealing/family-keys';
import type { Runtime } from '../../../services/platform/runtime';
import { withIsolatedRuntime } from '../through-kafka/isolated';
import { runBenchmarkScript } from '../script-main';

/**
 * `npx tsx pipelines/benchmarks/sealing/index.ts [--families N] [--per-family N] [--rounds N]`: the cost of
 * erasure on replay. The same match.linked events, once in clear (as before sealing) and once sealed
 * with a key per family, are decoded by decodeMessage side by side in one run, as a replay decodes
 * them: first with a cold keyring (every family's key read from PostgreSQL and unwrapped once),
 * then warm rounds (keys cached). Also the cost of sealing when publishing. No Kafka read and no
 * projection write: those are the same for both and would only hide the difference.
 */
const say = (line: string) => process.stderr.write(`sealing: ${line}\n`);

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 && /^\d+$/.test(process.argv[at + 1] ?? '') ? Number(process.argv[at + 1]) : fallback;
}

const matchFor = (family: number, n: number): MatchLinked => ({
  type: 'match.linked',
  matchId: `M-${family}-${n}`,
  familyId: `F-${family}`,
  source: { topic: 'police.incidents.v1', partition: family % 3, offset: String(family * 1000 + n) },
  event: {
    agency: 'police', organisation: 'Avon and Wessex Police', agencyEventId: `ASP-${family}-${n}`, category: 'DOMESTIC_ABUSE',
    occurredAt: '2026-03-28T21:00:00+00:00', reportedAt: '2026-03-28T22:00:00+00:00',
    summary: 'Domestic incident reported at the address; officers attended and completed a risk assessment.', postcodeDistrict: 'BA2',
  },
  members: [{ memberId: `P-${family}-1`, role: 'victim', reasons: ['name and date of birth agree'], score: 21.5, contributions: [{ comparison: 'prior', level: 'prior', weight: -12 }, { comparison: 'name', level: 'exact', weight: 33.5 }] }],
  explanation: 'victim Rhiannon: name and date of birth agree',
  matcher: 'fellegi-sunter-v1', context: 'live', receivedAt: '2026-03-28T22:00:01Z', matchedAt: '2026-03-28T22:00:02Z',
});

type Rate = { perSecond: number; seconds: number };

async function decodeAll(values: readonly Buffer[], topic: string, deserializer: TopicDeserializer): Promise<Rate> {
  const started = performance.now();
  for (const value of values) {
    const decoded = await decodeMessage(value, topic, matchLinked, deserializer);
    if (!decoded.ok) throw new Error(`benchmark message refused: ${decoded.erased ? 'erased' : decoded.reason}`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: values.length / seconds, seconds };
}

async function serializeAll(serializer: TopicSerializer, topic: string, events: readonly MatchLinked[]): Promise<{ values: Buffer[]; seconds: number }> {
  const started = performance.now();
  const values: Buffer[] = [];
  for (const event of events) values.push(await serializer.serialize(topic, matchLinked, event));
  return { values, seconds: (performance.now() - started) / 1000 };
}

const median = (rates: readonly number[]) => [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)];

runBenchmarkScript('sealing', async () => {
  const families = argument('--families', 2_000);
  const perFamily = argument('--per-family', 25);
  const rounds = argument('--rounds', 5);
  const load = loadavg();
  const events = Array.from({ length: families * perFamily }, (_, i) => matchFor(i % families, Math.floor(i / families)));
  const result = await withIsolatedRuntime(async (runtime: Runtime) => {
    const topic = runtime.topics.matches;
    const masterKey = await loadMasterKey(runtime.config.masterKeyFile);
    const newKeyring = (): FamilyKeys => new FamilyKeyring(runtime.db, masterKey);
    say(`serializing ${events.length} events in clear and sealed (${families} family keys created)`);
    const clear = await serializeAll(new TopicSerializer(runtime.registry), topic, events);
    const sealed = await serializeAll(new TopicSerializer(runtime.registry, newKeyring()), topic, events);
    const plain = new TopicDeserializer(runtime.registry, newKeyring());
    const cold = new TopicDeserializer(runtime.registry, newKeyring());
    await decodeAll(clear.values.slice(0, 1000), topic, plain); // the registry's schema lookups and the JIT, for both
    const coldRate = await decodeAll(sealed.values, topic, cold);
    say(`cold sealed: ${Math.round(coldRate.perSecond)} messages/s`);
    const clearRates: number[] = [];
    const sealedRates: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      clearRates.push((await decodeAll(clear.values, topic, plain)).perSecond);
      sealedRates.push((await decodeAll(sealed.values, topic, cold)).perSecond);
      say(`round ${round}: clear ${Math.round(clearRates.at(-1)!)}, sealed ${Math.round(sealedRates.at(-1)!)} messages/s`);
    }
    const bytes = (values: readonly Buffer[]) => values.reduce((sum, value) => sum + value.length, 0) / values.length;
    return { clear, sealed, coldRate, clearRates, sealedRates, clearBytes: bytes(clear.values), sealedBytes: bytes(sealed.values) };
  }, say);
  const clearMedian = median(result.clearRates);
  const sealedMedian = median(result.sealedRates);
  const markdown = [
    `Replay decoding of ${events.length} match.linked events (${families} families × ${perFamily}), in clear against sealed with a key per family, one run, ${rounds} rounds:`,
    '',
    '| | clear (no decryption) | sealed (per-family AES-256-GCM) |',
    '|---|---|---|',
    `| decode, warm keyring (median messages/s) | ${Math.round(clearMedian)} | ${Math.round(sealedMedian)} (${((sealedMedian / clearMedian) * 100).toFixed(0)}%) |`,
    `| decode, cold keyring (first pass: ${families} keys read and unwrapped) | — | ${Math.round(result.coldRate.perSecond)} messages/s |`,
    `| publish: serialize (messages/s) | ${Math.round(events.length / result.clear.seconds)} | ${Math.round(events.length / result.sealed.seconds)} (keys created on first use) |`,
    `| mean message size (bytes) | ${Math.round(result.clearBytes)} | ${Math.round(result.sealedBytes)} |`,
    '',
    `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average at start ${load.map((l) => l.toFixed(2)).join(' ')}`,
    '',
  ].join('\n');
  return { markdown };
});
