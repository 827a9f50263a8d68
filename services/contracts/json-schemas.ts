import { z } from 'zod';
import { topicDefinitions, topicIds, wireSchemaOf, type TopicId } from './topics';

/**
 * The JSON Schemas in schemas/ are generated from zod, never edited by hand. The same documents are
 * registered with the schema registry (see publishedSchema), so what publishers read is what the
 * registry holds and enforces.
 */
export function jsonSchemaFor(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

/**
 * Said once at the top of every topic's schema, for publishers: what the patterns of text.ts and
 * dates.ts mean, and where a JSON Schema validator cannot check exactly what live-risk checks.
 */
const textAndDatesComment =
  'Text fields carry a pattern that refuses lone UTF-16 surrogates and control characters (all of U+0000-U+001F and ' +
  'U+007F-U+009F in one-line fields; all but tab, LF and CR in narrative fields such as summary); date and date-time fields ' +
  'a pattern for years 1900-2100, days that exist and UTC offsets up to +-14:00 (format date-time alone would allow year 0000 ' +
  'and +23:59). What a validator may not check exactly: the patterns are ECMA-262 with \\u escapes over UTF-16, so a regex ' +
  'dialect without \\u (e.g. RE2) cannot read them and a JSON decoder that drops or replaces a lone surrogate hides it; ' +
  'maxLength counts code points here but UTF-16 code units in live-risk, so emoji and other astral characters count twice ' +
  'there. Where they differ, live-risk decides and dead-letters the message with a reason naming the field.';

/**
 * The exact text of a topic's published schema: the file in schemas/ and, byte for byte, the schema
 * `live-risk schemas register` registers. A serializer handed the file (confluent-kafka-python's
 * JSONSerializer with auto-registration off) looks its id up by the text it sends, and the registry
 * matches that text as it is stored, whitespace included; so one string serves both.
 */
export function publishedSchema(id: TopicId): string {
  const definition = topicDefinitions[id];
  const document = {
    title: definition.name,
    $comment: textAndDatesComment,
    ...jsonSchemaFor(wireSchemaOf(id)),
  };
  return JSON.stringify(document, null, 2) + '\n';
}

export function generatedSchemaFiles(): ReadonlyArray<{ file: string; content: string }> {
  return topicIds.map((id) => ({ file: `${topicDefinitions[id].name}.schema.json`, content: publishedSchema(id) }));
}
