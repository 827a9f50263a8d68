import { z } from 'zod';
import { topicDefinitions, topicIds } from './topics';

/**
 * The JSON Schemas in schemas/ are generated from zod, never edited by hand. The same documents are
 * registered with the schema registry, so what publishers read is what the registry enforces.
 */
export function jsonSchemaFor(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

export function generatedSchemaFiles(): ReadonlyArray<{ file: string; content: string }> {
  return topicIds.map((id) => {
    const definition = topicDefinitions[id];
    const document = {
      title: definition.name,
      ...jsonSchemaFor(definition.schema),
    };
    return { file: `${definition.name}.schema.json`, content: JSON.stringify(document, null, 2) + '\n' };
  });
}
