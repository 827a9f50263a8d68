import { Compatibility } from '../services/platform/schema-registry-library';
import { randomBytes } from 'node:crypto';
import { topicDefinitions, topicNames } from '../services/contracts';
import { jsonSchemaFor } from '../services/contracts/json-schemas';
import { loadConfig } from '../services/platform/config';
import { createRegistryClient, registerSchemas, subjectFor } from '../services/platform/registry';

/**
 * Issue 12 narrowed the contracts (no control characters in text, plausible dates), which the
 * registry's BACKWARD rule refuses over a subject that holds the wider version. An existing
 * deployment must be told what to do, and be able to do it once, on purpose, without loosening the
 * rule for later versions. Against the real registry, under subjects of this test's own.
 */
const withoutPatterns = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(withoutPatterns);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== 'pattern').map(([key, value]) => [key, withoutPatterns(value)]));
};

describe('upgrading to a deliberately narrower contract', () => {
  const config = loadConfig();
  const names = topicNames(`test-${randomBytes(5).toString('hex')}.`);
  const client = createRegistryClient(config, 'admin');
  afterAll(async () => {
    for (const topic of Object.values(names)) await client.deleteSubject(subjectFor(topic), true).catch(() => undefined);
    client.close();
  });

  it('is refused as incompatible by default, and registered once with --accept-narrowing, BACKWARD again afterwards', async () => {
    const subject = subjectFor(names.police);
    await client.updateCompatibility(subject, Compatibility.BACKWARD);
    await client.register(subject, { schemaType: 'JSON', schema: JSON.stringify(withoutPatterns(jsonSchemaFor(topicDefinitions.police.schema))) }, false);

    await expect(registerSchemas(client, names)).rejects.toThrow(/incompatible/i);
    const { narrowed } = await registerSchemas(client, names, { acceptNarrowing: true });
    expect(narrowed).toEqual([subject]);
    expect(await client.getCompatibility(subject)).toBe(Compatibility.BACKWARD);
    // Registering the same contract again is a no-op, narrowing nothing.
    expect((await registerSchemas(client, names)).narrowed).toEqual([]);
  });
});
