import type { z } from 'zod';
import { topicDefinitions, type TopicId } from '../contracts';
import type { Runtime } from './runtime';

/**
 * Publishes validated events to one of our topics in the registry wire format, in chunks, waiting for
 * every in-sync replica. The one way live-risk's own tools put events on Kafka.
 */
export async function publishEvents<T extends TopicId>(
  runtime: Pick<Runtime, 'topics' | 'serializer' | 'producer'>,
  topicId: T,
  events: ReadonlyArray<z.input<(typeof topicDefinitions)[T]['schema']>>,
  keyOf: (event: z.input<(typeof topicDefinitions)[T]['schema']>) => string,
  onProgress?: (published: number, total: number) => void,
  chunkSize = 1000,
): Promise<number> {
  const topic = runtime.topics[topicId];
  const schema = topicDefinitions[topicId].schema as z.ZodType;
  for (let start = 0; start < events.length; start += chunkSize) {
    const chunk = events.slice(start, start + chunkSize);
    const messages = await Promise.all(
      chunk.map(async (event) => ({
        // serialize() validates with zod; the key needs only the raw event.
        value: await runtime.serializer.serialize(topic, schema, event),
        key: keyOf(event),
      })),
    );
    await runtime.producer.send({ topic, messages, acks: -1 });
    onProgress?.(Math.min(start + chunkSize, events.length), events.length);
  }
  return events.length;
}
