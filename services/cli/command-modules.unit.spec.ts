import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { commandModules, commandModulesFor } from './command-modules';

describe('the table of command modules', () => {
  it('names exactly the top-level commands each module registers', () => {
    for (const module of commandModules) {
      const program = new Command('live-risk');
      module.register()(program);
      expect(program.commands.map((command) => command.name())).toEqual(module.names);
    }
  });

  it('leaves out no module in services/cli/commands that registers a top-level command', () => {
    const loaded = new Set(Object.keys(require.cache));
    const files = readdirSync(join(__dirname, 'commands')).filter((file) => file.endsWith('.ts') && !file.includes('.spec.'));
    // retention-audit and ingest-files register subcommands of retention and ingest.
    const subcommandModules = ['retention-audit.ts', 'ingest-files.ts'];
    const missing = files.filter((file) => !subcommandModules.includes(file) && ![...loaded].some((path) => path.endsWith(join('cli', 'commands', file))));
    expect(missing).toEqual([]);
  });

  it('loads only the named command, and every module for help or an unknown word', () => {
    expect(commandModulesFor(['status', '--format', 'json']).map((module) => module.names)).toEqual([['status']]);
    expect(commandModulesFor(['issue-digests', '--now', 'x']).map((module) => module.names)).toEqual([['digest', 'issue-digests']]);
    expect(commandModulesFor([])).toBe(commandModules);
    expect(commandModulesFor(['--help'])).toBe(commandModules);
    expect(commandModulesFor(['help', 'status'])).toBe(commandModules);
    expect(commandModulesFor(['stauts'])).toBe(commandModules);
  });
});
