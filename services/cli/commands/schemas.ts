import type { Command } from 'commander';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { generatedSchemaFiles } from '../../contracts/json-schemas';
import { terminal } from '../../platform/terminal';

const schemasDir = join(__dirname, '..', '..', '..', 'schemas');

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
    .description('write schemas/*.schema.json from the zod contracts')
    .action(() => {
      mkdirSync(schemasDir, { recursive: true });
      for (const { file, content } of generatedSchemaFiles()) writeFileSync(join(schemasDir, file), content);
      console.log(terminal`wrote ${generatedSchemaFiles().length} schemas to ${schemasDir}`);
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
}
