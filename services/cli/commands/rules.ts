import type { Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { escapeLinesForTerminal, terminal } from '../../platform/terminal';
import { builtInRuleSetFile, loadArchivedRuleSet, loadRuleSet, rulesTables } from '../../risk';
import { formatOption } from '../options';
import { formatTable } from '../table';

export function registerRulesCommands(program: Command): void {
  const rules = program.command('rules').description('the risk rules: base levels per agency and category, agency thresholds, wider-picture rules');
  rules
    .command('show')
    .description('print the rules in force as tables a programme manager can read')
    .option('--rules <file>', 'a rules file to show instead of the one in force (LIVE_RISK_RULES_FILE or the built-in rules)')
    .option('--released', 'read the file as a released version, as digest --as-of does: agencies and codes it lacks did not exist then')
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action((options: { rules?: string; released?: boolean; format: 'json' | 'text' }) => {
      const file = options.rules ?? loadConfig().rulesFile ?? builtInRuleSetFile;
      const ruleSet = options.released ? loadArchivedRuleSet(file) : loadRuleSet(file);
      if (options.format === 'json') {
        console.log(JSON.stringify(ruleSet, null, 2));
        return;
      }
      const tables = rulesTables(ruleSet);
      // The title is several lines by design (a policy names its special-category data on the next).
      console.log(escapeLinesForTerminal(tables.title) + terminal`\n(from ${file})`);
      for (const section of tables.sections) {
        console.log(['', terminal`${section.heading}`, '', section.rows.length ? formatTable(section.headers, section.rows) : '(none)'].join('\n'));
      }
    });
  rules
    .command('check')
    .description('validate a rules file without using it; exits 2 and names every problem if it is not valid')
    .argument('<file>', 'the JSON rules file')
    .action((file: string) => {
      const ruleSet = loadRuleSet(file);
      console.log(terminal`${file}: valid rule set, version ${ruleSet.version}`);
    });
}
