import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../../platform/config';
import { escapeLinesForTerminal, terminal } from '../../platform/terminal';
import { agreementStandings, builtInPolicyFile, loadArchivedPolicy, loadPolicy, policyRoles, policyTables, type PolicyRole } from '../../policy';
import { londonDateOf } from '../../scheduler/schedule';
import { formatOption } from '../options';
import { formatTable } from '../table';

function roleOption(value: string): PolicyRole {
  if (!(policyRoles as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${policyRoles.join(', ')}`);
  return value as PolicyRole;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description('the sharing policy: what each recipient role may see of each agency category, and on what lawful basis');
  policy
    .command('show')
    .description('print the sharing agreements in force as tables a governance officer can read, with each agency’s signed agreement (reference, signatories, start and review dates; overdue reviews marked)')
    .option('--file <file>', 'a policy file to show instead of the one in force (LIVE_RISK_POLICY_FILE or the built-in policy)')
    .option('--released', 'read the file as a released version, as digest --as-of does: agencies, codes and agreements it lacks did not exist then')
    .option('--role <role>', `only this role, with the reason for each level (${policyRoles.join(', ')})`, roleOption)
    .option('--format <format>', 'text or json', formatOption, 'text')
    .action((options: { file?: string; released?: boolean; role?: PolicyRole; format: 'json' | 'text' }) => {
      const file = options.file ?? loadConfig().policyFile ?? builtInPolicyFile;
      const loaded = options.released ? loadArchivedPolicy(file) : loadPolicy(file);
      if (options.format === 'json') {
        console.log(JSON.stringify(loaded, null, 2));
        return;
      }
      const tables = policyTables(loaded, options.role, londonDateOf(new Date()));
      // The title is several lines by design (a policy names its special-category data on the next).
      console.log(escapeLinesForTerminal(tables.title) + terminal`\n(from ${file})`);
      for (const section of tables.sections) {
        console.log(['', terminal`${section.heading}`, '', section.rows.length ? formatTable(section.headers, section.rows) : '(none)'].join('\n'));
      }
    });
  policy
    .command('check')
    .description('validate a policy file without using it; exits 2 and names every problem if it is not valid')
    .argument('<file>', 'the JSON policy file')
    .action((file: string) => {
      const checked = loadPolicy(file);
      console.log(terminal`${file}: valid sharing policy, version ${checked.version}, in force from ${checked.effectiveFrom}`);
      // Valid all the same: an overdue review is for the governance officer, and stops nothing.
      for (const row of agreementStandings(checked, londonDateOf(new Date())).filter((standing) => standing.overdue)) {
        console.log(terminal`note: the ${row.agency} agreement ${row.reference} was due for review on ${row.reviewDate} (${String(row.daysOverdue)} days ago)`);
      }
    });
}
