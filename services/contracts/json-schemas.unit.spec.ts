import { schemaDrift } from '../cli/commands/schemas';
import { generatedSchemaFiles } from './json-schemas';

describe('the JSON Schemas in schemas/', () => {
  it('match what the zod contracts generate (run `npm run schemas:generate` after changing a contract)', () => {
    expect(schemaDrift()).toEqual([]);
  });

  it('cover every topic', () => {
    expect(generatedSchemaFiles().map((f) => f.file)).toEqual(
      expect.arrayContaining(['police.incidents.v1.schema.json', 'cohort.events.v1.schema.json', 'dead-letter.v1.schema.json']),
    );
  });
});
