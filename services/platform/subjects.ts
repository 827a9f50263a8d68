import { topicDefinitions, topicIds, type TopicId } from '../contracts';

/*
 * Values on every live-risk topic use the schema registry wire format:
 *
 *   byte 0      magic byte 0x00
 *   bytes 1-4   schema id, big-endian int32, as assigned by the registry
 *   bytes 5-    the JSON document, UTF-8
 *
 * Subjects follow the topic name strategy: `<topic>-value`.
 */
export const subjectFor = (topic: string) => `${topic}-value`;

/** Which live-risk topic a (prefixed) topic name is: topic names are the configured prefix and the definition's name. */
export function topicIdOf(topic: string): TopicId | undefined {
  return topicIds.find((id) => topic.endsWith(topicDefinitions[id].name));
}
