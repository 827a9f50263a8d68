import type { Kafka } from 'kafkajs';
import { topicDefinitions, topicIds } from '../contracts';
import { describeError } from '../platform/errors';
import type { FamilyKeys } from '../sealing/family-keys';
import { openSealed } from '../sealing/seal';
import { topicExtents } from '../platform/offset-binding';
import { readRanges, type PartitionRange } from '../platform/topic-range';
import type { Needle } from './needles';
import { notSearched, PlaceTally, type FieldValue, type PlaceReport } from './tally';

export type Progress = (done: number | bigint, total: number | bigint) => void;

/**
 * The topics live-risk owns under `prefix`: every topic of the contracts, and any other version of
 * one (`police.incidents.v2` beside v1) left by a contract upgrade.
 */
export function ownedTopics(prefix: string, existing: readonly string[]): string[] {
  const owned = new Set(topicIds.map((id) => `${prefix}${topicDefinitions[id].name}`));
  const bases = new Set(topicIds.map((id) => `${prefix}${topicDefinitions[id].name.replace(/\.v\d+$/, '')}`));
  for (const topic of existing) {
    const version = /^(.*)\.v\d+$/.exec(topic);
    if (version && bases.has(version[1])) owned.add(topic);
  }
  return [...owned].sort();
}

/**
 * Reads every owned topic from its earliest retained offset to its end as it is when the search
 * starts (every partition), as the Kafka administrator, with a throw-away consumer group: no
 * consumer's offsets move. Each message's key, value and headers are searched (expand.ts unwraps
 * the wire format, JSON and base64); its partition and offset say where a match is. Sealed fields
 * are searched opened too (services/sealing), since whoever holds the keys can read them: only an
 * erased family's, whose key is gone, are not there to find.
 */
export async function searchKafka(kafka: Kafka, prefix: string, needles: readonly Needle[], keys: FamilyKeys, progress?: Progress): Promise<PlaceReport[]> {
  const admin = kafka.admin();
  let topics: string[];
  let extents: Awaited<ReturnType<typeof topicExtents>>;
  try {
    await admin.connect();
    topics = ownedTopics(prefix, await admin.listTopics());
    extents = await topicExtents(admin, topics);
  } catch (error) {
    return [notSearched('kafka', `topics ${prefix}*`, `could not list or describe the topics as the Kafka administrator: ${describeError(error)}`, 'messages')];
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const tallies = new Map(topics.map((topic) => [topic, new PlaceTally(needles, 'kafka', `topic ${topic}`, 'messages')]));
  const ranges: PartitionRange[] = [...extents].flatMap(([topic, partitions]) =>
    [...partitions].map(([partition, extent]) => ({ topic, partition, from: extent.low, to: extent.high })),
  );
  const total = ranges.reduce((sum, range) => sum + (range.to - range.from), 0n);
  let done = 0n;
  progress?.(done, total);
  try {
    await readRanges(kafka, ranges, async (messages) => {
      for (const message of messages) {
        const fields: Record<string, FieldValue> = { key: message.key, value: message.value, 'value, opened': await opened(keys, message.topic, message.value) };
        for (const [name, header] of Object.entries(message.headers ?? {})) {
          fields[`header ${name}`] = Array.isArray(header) ? header.map(String).join('\n') : header;
        }
        tallies.get(message.topic)?.record(fields, `partition ${message.partition} offset ${message.offset}`);
      }
      done += BigInt(messages.length);
      progress?.(done, total);
    }, 'live-risk.retention-audit.');
  } catch (error) {
    return topics.map((topic) => notSearched('kafka', `topic ${topic}`, `reading failed part way, so no topic counts as searched: ${describeError(error)}`, 'messages'));
  }
  progress?.(total, total);
  return topics.map((topic) => {
    const report = tallies.get(topic)!.report();
    // A topic that does not exist holds nothing: searched, and said so.
    return extents.has(topic) ? report : { ...report, place: `${report.place} (does not exist)` };
  });
}

/** The message's document with its sealed fields opened, as JSON; undefined when nothing in it is sealed or it cannot be opened. */
async function opened(keys: FamilyKeys, topic: string, value: Buffer | null): Promise<string | undefined> {
  if (!value || value.length < 6 || value[0] !== 0x00 || !value.includes('"sealed"')) return undefined;
  try {
    const document: unknown = JSON.parse(value.toString('utf8', 5));
    const result = await openSealed(keys, topic, document);
    return result.kind === 'open' ? JSON.stringify(result.document) : undefined;
  } catch {
    // Not JSON, altered, or sealed for a family with no key: there is nothing anyone can read.
    return undefined;
  }
}
