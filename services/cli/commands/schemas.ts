import type { Command } from 'commander';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generatedSchemaFiles as contractSchemaFiles } from '../../contracts/json-schemas';
import { openApiContent, openApiFile } from '../../ingest/openapi';
import { topicNames } from '../../contracts';
import { loadConfig } from '../../platform/config';
import { createRegistryClient, registerSchemas, registryUnavailable } from '../../platform/registry';
import { terminal } from '../../platform/terminal';

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');

/** Every generated file in schemas/: the topics' JSON Schemas and the ingest API's OpenAPI document. */
function generatedSchemaFiles(): ReadonlyArray<{ file: string; content: string }> {
  return [...contractSchemaFiles(), { file: openApiFile, content: openApiContent() }];
}

/** Files in schemas/ that differ from what zod generates now. */
export function schemaDrift(directory = schemasDir): string[] {
  return generatedSchemaFiles()
    .filter(({ file, content }) => {
      const path = join(directory, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== content;
    })
    .map(({ file }) => file);
}

export function registerSchemaCommands(program: Command): void {
  const schemas = program.command('schemas').description('the JSON Schemas in schemas/, generated from the zod contracts');
  schemas
    .command('generate')
    .description('write schemas/*.schema.json and schemas/ingest-api.openapi.json from the zod contracts')
    .action(() => {
      mkdirSync(schemasDir, { recursive: true });
      for (const { file, content } of generatedSchemaFiles()) writeFileSync(join(schemasDir, file), content);
      console.log(terminal`wrote ${generatedSchemaFiles().length} files to ${schemasDir}`);
    });
  schemas
    .command('check')
    .description('exit 1 if schemas/ differs from the zod contracts')
    .action(() => {
      const drifted = schemaDrift();
      if (drifted.length === 0) {
        console.log('schemas/ matches the zod contracts');
        return;
      }
      console.error(terminal`schemas/ is out of date: ${drifted.join(', ')}\nwhat to do: run \`npm run schemas:generate\` and commit the result`);
      process.exitCode = 1;
    });
  schemas
    .command('register')
    .description('register every topic’s contract with the schema registry (every command does this on start; this is for upgrades)')
    .option('--accept-narrowing', 'register a deliberately narrower contract that BACKWARD refuses, once, with compatibility NONE, then BACKWARD again')
    .addHelpText(
      'after',
      '\nA release may narrow a contract on purpose (e.g. refusing control characters in text, or implausible dates). Events that break the\n' +
        'narrower contract could never be stored, but the registry cannot know that. Check the stored history first (README, "Upgrading a\n' +
        'contract"), then run this once with --accept-narrowing. Without it, an incompatible contract is refused, exit 2.',
    )
    .action(async (options: { acceptNarrowing?: boolean }) => {
      const config = loadConfig();
      const client = createRegistryClient(config);
      try {
        const { narrowed } = await registerSchemas(client, topicNames(config.topicPrefix), { acceptNarrowing: options.acceptNarrowing });
        console.log(terminal`registered the contracts of every topic at ${config.schemaRegistryUrl}`);
        for (const subject of narrowed) console.log(terminal`  ${subject}: a narrower version was accepted once with compatibility NONE; BACKWARD again from now`);
      } catch (error) {
        throw registryUnavailable(config, error);
      } finally {
        client.close();
      }
    });
}
